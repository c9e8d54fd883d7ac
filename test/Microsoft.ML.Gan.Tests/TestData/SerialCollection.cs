using Xunit;

namespace Microsoft.ML.Gan.Tests.TestData;

/// <summary>Tests that measure process-wide state (the finalizer queue) run alone, after the parallel tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "Serial";
}
