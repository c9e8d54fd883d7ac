namespace Microsoft.ML.Gan.Tests.TestData;

/// <summary>Options for a GAN small enough to train in a fraction of a second, for tests of behaviour rather than quality.</summary>
internal static class TinyGan
{
    public static GanTrainer.Options Options(int epochs = 2) => new()
    {
        Epochs = epochs,
        BatchSize = 32,
        LatentDimension = 4,
        GeneratorHiddenLayers = [16],
        DiscriminatorHiddenLayers = [16],
    };
}
