import PalisadeCore
/// Ports whose exposure checks name: administrative access and databases.
public enum WellKnownPorts {
    /// Database and data-store ports, with the service's name.
    public static let databases: [(port: Int, name: String)] = [
        (1433, "SQL Server"), (1521, "Oracle"), (2379, "etcd"), (3306, "MySQL"), (5432, "PostgreSQL"),
        (5984, "CouchDB"), (6379, "Redis"), (7000, "Cassandra"), (8086, "InfluxDB"), (9042, "Cassandra CQL"),
        (9200, "Elasticsearch"), (9300, "Elasticsearch transport"), (11211, "Memcached"), (26257, "CockroachDB"),
        (27017, "MongoDB"), (27018, "MongoDB shard"), (28015, "RethinkDB"), (50000, "DB2"),
    ]

    /// Whether a TCP port is one of ``databases``.
    static func isDatabase(_ port: Int) -> Bool { databases.contains { $0.port == port } }
}
