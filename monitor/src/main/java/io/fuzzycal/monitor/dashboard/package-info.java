/**
 * The monitor's dashboard without Grafana: {@link io.fuzzycal.monitor.dashboard.MonitorReading} reads
 * the monitor's meters at one instant, {@link io.fuzzycal.monitor.dashboard.DashboardHistory} keeps a
 * bounded history of them, and {@link io.fuzzycal.monitor.dashboard.DashboardPage} serves the page,
 * its chart library (a WebJar on the classpath) and their JSON on any {@code HttpServer}.
 */
package io.fuzzycal.monitor.dashboard;
