package io.geofusion.spark;

import org.apache.spark.sql.SparkSession;

/** The tests' Spark: local mode with two threads, no UI, few shuffle partitions. */
final class SparkSessions {

  private SparkSessions() {}

  static SparkSession local() {
    SparkSession s = SparkSession.builder()
        .appName("geofusion-test")
        .master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate();
    s.sparkContext().setLogLevel("WARN");
    return s;
  }
}
