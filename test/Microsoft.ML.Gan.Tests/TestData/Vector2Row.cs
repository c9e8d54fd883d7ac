using Microsoft.ML.Data;

namespace Microsoft.ML.Gan.Tests.TestData;

/// <summary>A row with a 2-slot feature vector.</summary>
public sealed class Vector2Row
{
    [VectorType(2)]
    public float[] Features { get; set; } = [];
}
