package io.fuzzycal.cli;

import io.fuzzycal.calibration.stats.MeanAndError;
import io.fuzzycal.calibration.study.SplitResult;
import io.fuzzycal.calibration.study.SplitResult.MethodSeries;
import io.fuzzycal.calibration.study.SplitResult.SizeRun;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Test ECE against labelled calibration rows, one line per method with ±1 SE error bars, as a PNG. */
final class LearningCurveChart {
    private LearningCurveChart() {
    }

    /** @param variant {@code FP32} or {@code INT4} */
    static void writePng(SplitResult r, String variant, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(640).height(440)
                .title("Test ECE (" + variant + ") against labelled rows, " + r.splits() + " paired splits")
                .xAxisTitle("labelled calibration rows").yAxisTitle("ECE").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        Function<MethodSeries, double[]> ece = variant.equals("FP32") ? MethodSeries::eceFp32 : MethodSeries::eceInt4;
        for (MethodSeries m : r.sizes().get(0).methods()) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            List<Double> err = new ArrayList<>();
            for (SizeRun run : r.sizes()) {
                run.method(m.method()).ifPresent(s -> {
                    MeanAndError me = MeanAndError.of(ece.apply(s));
                    x.add((double) run.calibrationRows());
                    y.add(me.mean());
                    err.add(me.standardError());
                });
            }
            XYSeries series = chart.addSeries(m.method(), x, y, err);
            series.setMarker(SeriesMarkers.CIRCLE);
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
