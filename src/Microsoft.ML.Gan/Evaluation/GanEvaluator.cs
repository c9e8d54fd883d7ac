namespace Microsoft.ML.Gan;

/// <summary>Measures generated samples against real ones.</summary>
public sealed partial class GanEvaluator
{
    private GanEvaluator()
    {
    }
}
