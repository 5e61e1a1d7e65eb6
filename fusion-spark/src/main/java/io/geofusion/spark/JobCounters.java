package io.geofusion.spark;

import java.io.Serializable;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

/**
 * The job's counters, summed over executors by Spark (a task that is retried may count twice:
 * the figures are for reporting, never for results).
 *
 * @param records measurements read
 * @param problems malformed or unusable lines, skipped
 * @param samples placed (target, vantage) observations
 * @param targets targets fused
 * @param located targets located (the others abstained)
 */
record JobCounters(LongAccumulator records, LongAccumulator problems, LongAccumulator samples,
    LongAccumulator targets, LongAccumulator located) implements Serializable {

  private static final long serialVersionUID = 1L;

  static JobCounters register(SparkSession spark) {
    var sc = spark.sparkContext();
    return new JobCounters(sc.longAccumulator("geofusion.records"),
        sc.longAccumulator("geofusion.problems"), sc.longAccumulator("geofusion.samples"),
        sc.longAccumulator("geofusion.targets"), sc.longAccumulator("geofusion.located"));
  }
}
