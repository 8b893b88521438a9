package dev.idtrain.report;

import dev.idtrain.run.ProbeRow;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.StatisticalLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The report's plots as PNG images, R² in percent as in the paper's tables. */
final class Charts {
  static {
    // Charts are drawn off-screen; the report runs on machines without a display.
    System.setProperty("java.awt.headless", "true");
  }

  private static final int WIDTH = 900;
  private static final int HEIGHT = 480;
  /** A little above 100% so that figures near 100 stay clear of the frame. */
  private static final double TOP = 100.5;
  private static final Color GRID = new Color(0xDD, 0xDD, 0xDD);
  private static final Color PAPER = new Color(0x33, 0x33, 0x33);
  private static final Color MEASURED = new Color(0x1F, 0x77, 0xB4);
  private static final Color BAND = new Color(0x33, 0x99, 0x33, 0x30);

  private Charts() {}

  /** R² over steps, one line per seed, with the paper's figure and its ±2-point band. */
  static byte[] r2OverSteps(int number, Point point) {
    XYSeriesCollection lines = new XYSeriesCollection();
    double lowest = 100;
    for (RecordedRun run : point.runs()) {
      XYSeries series = new XYSeries("seed " + run.seed());
      for (ProbeRow probe : run.probes()) {
        double r2 = run.r2(probe) * 100;
        if (Double.isFinite(r2)) {
          series.add(probe.step(), r2);
          lowest = Math.min(lowest, r2);
        }
      }
      lines.addSeries(series);
    }
    JFreeChart chart = ChartFactory.createXYLineChart(number + ": " + point.label(), "step",
        "held-out R² (%)", lines, PlotOrientation.VERTICAL, true, false, false);
    XYPlot plot = chart.getXYPlot();
    style(chart, plot);
    for (int i = 0; i < lines.getSeriesCount(); i++) {
      plot.getRenderer().setSeriesStroke(i, new BasicStroke(2f));
    }
    double paper = point.paper() * 100;
    if (Double.isFinite(paper)) {
      plot.addRangeMarker(new IntervalMarker(paper - Verdict.TOLERANCE_POINTS,
          paper + Verdict.TOLERANCE_POINTS, BAND), Layer.BACKGROUND);
      ValueMarker line = new ValueMarker(paper, PAPER, new BasicStroke(1.5f,
          BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
      line.setLabel(String.format(Locale.ROOT, "paper %.1f ± %.0f", paper, Verdict.TOLERANCE_POINTS));
      line.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      line.setLabelBackgroundColor(new Color(255, 255, 255, 0));
      line.setLabelAnchor(RectangleAnchor.BOTTOM_RIGHT);
      line.setLabelTextAnchor(TextAnchor.TOP_RIGHT);
      plot.addRangeMarker(line);
      lowest = Math.min(lowest, paper - Verdict.TOLERANCE_POINTS);
    }
    // Early probes can be far below zero; the interesting part is the approach to 100.
    ((NumberAxis) plot.getRangeAxis()).setRange(floorToTen(lowest), TOP);
    return png(chart);
  }

  /** Measured final R² (mean ± std over seeds) beside the paper's, one column per point. */
  static byte[] measuredVsPaper(Points points) {
    DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
    double lowest = 100;
    for (int i = 0; i < points.points().size(); i++) {
      Point point = points.points().get(i);
      String column = (i + 1) + ": " + shortLabel(point.label());
      Stats.MeanStd r2 = point.r2();
      data.add(finite(r2.mean() * 100), finite(r2.std() * 100), "measured (mean ± std over seeds)", column);
      data.add(finite(point.paper() * 100), null, "paper", column);
      double low = r2.mean() - (Double.isNaN(r2.std()) ? 0 : r2.std());
      lowest = Math.min(lowest, Math.min(orHigh(low), orHigh(point.paper())) * 100);
    }
    NumberAxis axis = new NumberAxis("final R² (%)");
    axis.setRange(floorToTen(lowest), TOP);
    CategoryAxis categories = new CategoryAxis("point");
    if (points.points().size() > 4) {
      categories.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
    }
    categories.setMaximumCategoryLabelLines(2);
    StatisticalLineAndShapeRenderer renderer = new StatisticalLineAndShapeRenderer(false, true);
    CategoryPlot plot = new CategoryPlot(data, categories, axis, renderer);
    JFreeChart chart = new JFreeChart("Final R²: measured vs paper", JFreeChart.DEFAULT_TITLE_FONT,
        plot, true);
    // The theme first (the line chart's fonts), then this chart's own colours and shapes.
    ChartFactory.getChartTheme().apply(chart);
    style(chart, plot);
    renderer.setSeriesPaint(0, MEASURED);
    renderer.setSeriesShape(0, new Ellipse2D.Double(-5, -5, 10, 10));
    renderer.setSeriesStroke(0, new BasicStroke(1.5f));
    // The paper's figure as a short level mark: the target the measured dot is read against.
    renderer.setSeriesPaint(1, PAPER);
    renderer.setSeriesShape(1, new Rectangle2D.Double(-14, -1.5, 28, 3));
    return png(chart);
  }

  private static void style(JFreeChart chart, Plot plot) {
    chart.setBackgroundPaint(Color.WHITE);
    plot.setBackgroundPaint(Color.WHITE);
    if (plot instanceof XYPlot xy) {
      xy.setDomainGridlinePaint(GRID);
      xy.setRangeGridlinePaint(GRID);
    } else if (plot instanceof CategoryPlot category) {
      category.setRangeGridlinePaint(GRID);
    }
  }

  /** Keys without their section: the chart's axis has little room. */
  private static String shortLabel(String label) {
    return label.replaceAll("\\b[a-z]+\\.", "");
  }

  private static double floorToTen(double percent) {
    return Math.max(0, Math.floor(percent / 10) * 10);
  }

  private static Double finite(double x) {
    return Double.isFinite(x) ? x : null;
  }

  private static double orHigh(double x) {
    return Double.isFinite(x) ? x : 1;
  }

  private static byte[] png(JFreeChart chart) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
