package io.wangge.report.service;

import io.wangge.gridview.ReadModelScopeSource;
import jakarta.enterprise.context.ApplicationScoped;

/** A caller's places in this service: its assignments in the grid read model. */
@ApplicationScoped
public class ReportScopeSource extends ReadModelScopeSource {
}
