package io.wangge.points.service;

import io.wangge.gridview.ReadModelScopeSource;
import jakarta.enterprise.context.ApplicationScoped;

/** A caller's places in this service: its assignments in the grid read model. */
@ApplicationScoped
public class PointsScopeSource extends ReadModelScopeSource {
}
