namespace GanML.Benchmarks;

/// <summary>An input row for generation: <c>Transform</c> generates one sample per row and needs no feature column.</summary>
public sealed class IdRow
{
    public float Id { get; set; }
}
