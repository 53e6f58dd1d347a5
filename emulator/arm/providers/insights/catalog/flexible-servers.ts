/** Microsoft.DBforPostgreSQL/flexibleServers platform metrics (no dimensions on the ones modelled). */
import { constant, counter, gauge, growing, metric, percent } from "./define";
import type { MetricCatalog, MetricSpec } from "./types";
import { AVG_MIN_MAX } from "./types";

const sat = (name: string, display: string, description: string, unit: MetricSpec["unit"], model: MetricSpec["model"]): MetricSpec =>
  metric(name, display, description, { unit, metricClass: "Saturation", primary: "Average", supported: AVG_MIN_MAX, model });
const tx = (name: string, display: string, description: string, unit: MetricSpec["unit"], model: MetricSpec["model"], metricClass: MetricSpec["metricClass"] = "Transactions"): MetricSpec =>
  metric(name, display, description, { unit, metricClass, primary: "Total", supported: ["Total", "Average", "Minimum", "Maximum", "Count"], model });

// Storage metrics describe one 32 GiB disk: used (2.7 → 10 GB) + free = 34.4 GB, percent = used / size.
const metrics: MetricSpec[] = [
  sat("cpu_percent", "CPU percent", "Percent of CPU in use.", "Percent", percent(6, 42)),
  sat("memory_percent", "Memory percent", "Percent of memory in use.", "Percent", percent(31, 58, 0.05)),
  sat("active_connections", "Active Connections", "Number of connections to your server.", "Count", gauge(6, 48, 0.12, { integer: true })),
  tx("connections_failed", "Failed Connections", "Failed Connections", "Count", counter(0, 2, 0.6, { integer: true }), "Errors"),
  tx("connections_succeeded", "Succeeded Connections", "Succeeded Connections", "Count", counter(2, 40, 0.25, { integer: true })),
  sat("storage_percent", "Storage percent", "Percent of storage space used. The storage used by the service may include the database files, transaction logs, and the server logs.", "Percent", growing(8, 30)),
  sat("storage_used", "Storage used", "Amount of storage space used. The storage used by the service may include the database files, transaction logs, and the server logs.", "Bytes", growing(2.7e9, 1.0e10)),
  sat("storage_free", "Storage Free", "Amount of storage space available.", "Bytes", growing(3.17e10, 2.44e10)),
  sat("txlogs_storage_used", "Transaction Log Storage Used", "Amount of storage space used by the transaction logs.", "Bytes", gauge(1.1e8, 4.6e8, 0.1)),
  sat("database_size_bytes", "Database Size", "Aggregate size of all databases on the server.", "Bytes", growing(2.1e9, 8.0e9)),
  sat("backup_storage_used", "Backup Storage Used", "Amount of backup storage used.", "Bytes", growing(3.0e9, 1.2e10)),
  sat("iops", "IOPS", "Number of I/O operations to disk per second.", "Count", gauge(40, 620, 0.2)),
  sat("read_iops", "Read IOPS", "Number of data disk I/O read operations per second.", "Count", gauge(10, 210, 0.2)),
  sat("write_iops", "Write IOPS", "Number of data disk I/O write operations per second.", "Count", gauge(25, 410, 0.2)),
  sat("read_throughput", "Read Throughput Bytes/Sec", "Bytes read per second from disk.", "Bytes", gauge(2e5, 6e6, 0.25)),
  sat("write_throughput", "Write Throughput Bytes/Sec", "Bytes written to disk per second.", "Bytes", gauge(4e5, 9e6, 0.25)),
  sat("disk_queue_depth", "Disk Queue Depth", "Number of outstanding I/O operations to the data disk.", "Count", gauge(0, 3, 0.3)),
  tx("network_bytes_egress", "Network Out", "Network Out across active connections.", "Bytes", counter(2e6, 7e7)),
  tx("network_bytes_ingress", "Network In", "Network In across active connections.", "Bytes", counter(1e6, 3e7)),
  sat("maximum_used_transactionIDs", "Maximum Used Transaction IDs", "Maximum Used Transaction IDs", "Count", growing(2.5e6, 4.0e7)),
  metric("is_db_alive", "Database Is Alive", "Indicates if the database is up or not", { unit: "Count", metricClass: "Availability", primary: "Maximum", supported: AVG_MIN_MAX, model: constant(1, { integer: true }) }),
];

export const flexibleServersCatalog: MetricCatalog = {
  resourceType: "Microsoft.DBforPostgreSQL/flexibleServers",
  metrics,
  instances: () => [{ dimensions: {}, weight: 1 }],
};
