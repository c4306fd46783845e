package io.fuzzycal.cli;

import io.fuzzycal.calibration.metrics.ReliabilityBin;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A reliability diagram as a PNG: accuracy against mean confidence per non-empty bin, next to the
 * diagonal of perfect calibration, with each bin's share of the rows as a bar along the bottom.
 */
final class ReliabilityDiagram {
    private static final int WIDTH = 480;
    private static final int HEIGHT = 440;

    private ReliabilityDiagram() {
    }

    static void writePng(List<ReliabilityBin> bins, String title, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("confidence").yAxisTitle("accuracy").build();
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);

        XYSeries ideal = chart.addSeries("perfect calibration", new double[] {0, 1}, new double[] {0, 1});
        ideal.setMarker(SeriesMarkers.NONE);
        ideal.setLineColor(Color.GRAY);
        ideal.setLineStyle(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f));

        int total = bins.stream().mapToInt(ReliabilityBin::count).sum();
        List<Double> conf = new ArrayList<>();
        List<Double> acc = new ArrayList<>();
        boolean first = true;
        for (ReliabilityBin b : bins) {
            if (b.count() == 0) {
                continue;
            }
            conf.add(b.meanConfidence());
            acc.add(b.accuracy());
            // One thin vertical bar per bin (its own series, so bars are not joined by a line).
            double mid = (b.lower() + b.upper()) / 2;
            XYSeries bar = chart.addSeries(first ? "share of rows" : "bin " + b.index(),
                    new double[] {mid, mid}, new double[] {0, (double) b.count() / total});
            bar.setMarker(SeriesMarkers.NONE);
            bar.setLineColor(new Color(150, 180, 220));
            bar.setLineStyle(new BasicStroke(6f));
            bar.setShowInLegend(first);
            first = false;
        }
        if (!conf.isEmpty()) {
            XYSeries model = chart.addSeries("model", conf, acc);
            model.setMarker(SeriesMarkers.CIRCLE);
            model.setLineColor(new Color(200, 60, 40));
            model.setMarkerColor(new Color(200, 60, 40));
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
