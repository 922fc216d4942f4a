package io.wangge.report.service;

import com.openhtmltopdf.extend.impl.FSDefaultCacheStore;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The brief as the page a browser prints and as an A4 PDF, both from {@code templates/brief.html}. The PDF embeds
 * the subsets of DejaVu Sans and Droid Sans Fallback its text uses ({@code fonts/README.md}), so it needs no font
 * on the server and shows Chinese on any reader.
 */
@ApplicationScoped
public class BriefDocument {

    /** Latin letters, digits and signs; Droid Sans Fallback has the CJK glyphs and none of these. */
    static final String LATIN_FONT = "/fonts/DejaVuSans.ttf";
    static final String CJK_FONT = "/fonts/DroidSansFallback.ttf";

    /** The fonts, read from the jar once rather than on every brief (the CJK one is 3.4 MB). */
    private static final byte[] LATIN = resource(LATIN_FONT);
    private static final byte[] CJK = resource(CJK_FONT);

    /** Font metrics openhtmltopdf works out once per font and reuses for every brief. */
    private final FSDefaultCacheStore metrics = new FSDefaultCacheStore();

    @Inject
    Template brief;

    /** XML 1.0 allows no control characters but tab and line breaks: one in a name would break the PDF. */
    static String printable(String text) {
        return text == null ? null : text.replaceAll("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]", "");
    }

    public String html(Brief content) {
        return printable(brief.data("b", content).render());
    }

    public byte[] pdf(Brief content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PdfRendererBuilder builder = new PdfRendererBuilder();
            builder.useFastMode();
            // the template names both families; each character is drawn with the first that has its glyph
            builder.useFont(() -> new ByteArrayInputStream(LATIN), "DejaVu Sans");
            builder.useFont(() -> new ByteArrayInputStream(CJK), "Droid Sans Fallback");
            builder.useCacheStore(PdfRendererBuilder.CacheStore.PDF_FONT_METRICS, metrics);
            builder.withHtmlContent(html(content), null);
            builder.withProducer("Wangge report-service");
            builder.toStream(out);
            builder.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] resource(String name) {
        try (InputStream in = BriefDocument.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
