namespace Microsoft.ML.Gan;

/// <summary>Mean and standard deviation over subsets or splits, as the reference tools report them.</summary>
internal static class Moments
{
    public static double Mean(double[] values)
    {
        double sum = 0;
        foreach (var value in values)
        {
            sum += value;
        }

        return sum / values.Length;
    }

    /// <summary>The population standard deviation (numpy's default, ddof = 0).</summary>
    public static double StandardDeviation(double[] values)
    {
        var mean = Mean(values);
        double sum = 0;
        foreach (var value in values)
        {
            sum += (value - mean) * (value - mean);
        }

        return System.Math.Sqrt(sum / values.Length);
    }
}
