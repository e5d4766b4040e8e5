-- Several nodes (docs/cluster.md): one run per registry feed at a time, and one scheduled cut per
-- period, through ShedLock's JDBC provider on the database clock (the table layout it expects).
create table shedlock (
    name        varchar(64)  not null primary key,
    lock_until  timestamp    not null,
    locked_at   timestamp    not null,
    locked_by   varchar(255) not null
);
