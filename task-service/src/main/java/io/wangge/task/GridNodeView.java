package io.wangge.task;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.wangge.platform.security.GridPath;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.util.UUID;

/** task-service's copy of a grid node, from wangge.grid. */
@Entity
@Table(name = "grid_node_view")
public class GridNodeView extends PanacheEntityBase {

    @Id
    public UUID id;

    public String code;

    public String name;

    public String level;

    @Column(name = "parent_id")
    public UUID parentId;

    public String path;

    public int depth;

    public String status;

    public long version;

    public GridPath gridPath() {
        return new GridPath(path);
    }
}
