using Microsoft.ML.Data;

namespace GanML.Benchmarks;

/// <summary>The prediction-engine output for the B1 generator.</summary>
public sealed class GeneratedRow
{
    [VectorType(784)]
    public float[] Generated { get; set; } = [];
}
