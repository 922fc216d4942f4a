package io.wangge.report.service;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
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

    @Inject
    Template brief;

    public String html(Brief content) {
        return brief.data("b", content).render();
    }

    public byte[] pdf(Brief content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PdfRendererBuilder builder = new PdfRendererBuilder();
            builder.useFastMode();
            // the template names both families; each character is drawn with the first that has its glyph
            builder.useFont(() -> BriefDocument.class.getResourceAsStream(LATIN_FONT), "DejaVu Sans");
            builder.useFont(() -> BriefDocument.class.getResourceAsStream(CJK_FONT), "Droid Sans Fallback");
            builder.withHtmlContent(html(content), null);
            builder.withProducer("Wangge report-service");
            builder.toStream(out);
            builder.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
