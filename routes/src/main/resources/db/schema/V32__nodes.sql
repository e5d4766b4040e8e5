-- Several instances on one database (routes/README-service.md, "Several instances"). Every time in
-- these columns is the database's clock (current_timestamp), never a node's own.

-- The live nodes: a node registers its id at start and beats every quarter lease; one whose
-- heartbeat is older than the lease counts as gone. A second live node with the same id is refused.
create table ims_node (
    id              varchar(64)  primary key,          -- ims.delivery.node-id, or generated per process
    instance        varchar(36)  not null,             -- random per process: which process holds the id
    host            varchar(255),
    started_at      timestamp with time zone not null,
    heartbeat_at    timestamp with time zone not null
);

-- The claim a delivery's lease belongs to (with lease_owner): only that claim records the outcome.
alter table ims_delivery add column lease_token varchar(36);
create index ix_delivery_lease_token on ims_delivery (lease_token);
create index ix_delivery_lease_owner on ims_delivery (lease_owner);

-- The node holding an intake until it is fully judged, and since when; recovery on another node
-- takes it only once that node is gone and the intake has been held longer than a lease.
alter table ims_intake add column node_id varchar(64);
alter table ims_intake add column node_since timestamp with time zone;
