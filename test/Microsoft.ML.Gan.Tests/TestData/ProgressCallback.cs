using System;

namespace Microsoft.ML.Gan.Tests.TestData;

/// <summary>Calls an action on each epoch summary, synchronously (unlike <see cref="Progress{T}"/>), so a test sees
/// every report before <c>Fit</c> returns and can cancel at an exact epoch.</summary>
internal sealed class ProgressCallback(Action<GanEpochSummary> action) : IProgress<GanEpochSummary>
{
    public void Report(GanEpochSummary value) => action(value);
}
