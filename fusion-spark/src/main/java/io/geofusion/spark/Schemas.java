package io.geofusion.spark;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The job's row shapes (docs/batch.md lists them with their units). Column names follow the
 * product's JSON: snake_case, units in the name.
 */
final class Schemas {

  private Schemas() {}

  /** One vantage's observation of one target, from one record (before grouping). */
  static final StructType SAMPLE = new StructType(new StructField[] {
      DataTypes.createStructField("target", DataTypes.StringType, false),
      DataTypes.createStructField("vantage", DataTypes.StringType, false),
      DataTypes.createStructField("vantage_lat", DataTypes.DoubleType, false),
      DataTypes.createStructField("vantage_lon", DataTypes.DoubleType, false),
      DataTypes.createStructField("min_rtt_ms", DataTypes.DoubleType, false),
      DataTypes.createStructField("jitter_ms", DataTypes.DoubleType, false)});

  /** One Gaussian of the location mixture (covariances in the tangent plane at its mean). */
  static final StructType COMPONENT = new StructType(new StructField[] {
      DataTypes.createStructField("lat", DataTypes.DoubleType, false),
      DataTypes.createStructField("lon", DataTypes.DoubleType, false),
      DataTypes.createStructField("weight", DataTypes.DoubleType, false),
      DataTypes.createStructField("cov_east_east_km2", DataTypes.DoubleType, true),
      DataTypes.createStructField("cov_east_north_km2", DataTypes.DoubleType, true),
      DataTypes.createStructField("cov_north_north_km2", DataTypes.DoubleType, true)});

  /** Columns written to Parquet: one row per target. */
  static final StructType LOCATION = new StructType(new StructField[] {
      DataTypes.createStructField("target", DataTypes.StringType, false),
      DataTypes.createStructField("abstained", DataTypes.BooleanType, false),
      DataTypes.createStructField("lat", DataTypes.DoubleType, true),
      DataTypes.createStructField("lon", DataTypes.DoubleType, true),
      DataTypes.createStructField("radius_50_km", DataTypes.DoubleType, true),
      DataTypes.createStructField("radius_90_km", DataTypes.DoubleType, true),
      DataTypes.createStructField("host_class", DataTypes.StringType, false),
      DataTypes.createStructField("alerts", DataTypes.createArrayType(DataTypes.StringType,
          false), false),
      DataTypes.createStructField("vantages", DataTypes.IntegerType, false),
      DataTypes.createStructField("min_rtt_ms", DataTypes.DoubleType, true),
      DataTypes.createStructField("mixture", DataTypes.createArrayType(COMPONENT, false),
          false)});

  /** {@link #LOCATION} plus the two text forms: the NDJSON line and the evidence line. */
  static final StructType RESULT = LOCATION
      .add(DataTypes.createStructField("ndjson", DataTypes.StringType, false))
      .add(DataTypes.createStructField("evidence", DataTypes.StringType, false));
}
