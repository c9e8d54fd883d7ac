namespace GanML.Benchmarks;

/// <summary>One row of a workload's data: a vector whose size the schema definition sets.</summary>
public sealed class FeatureRow
{
    public float[] Features { get; set; } = [];
}
