using System.Collections.Generic;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan;

/// <summary>
/// Maps a latent vector to a row in [−1, 1] (the data are scaled to that range): an MLP followed by Tanh, or by nothing
/// (<see cref="GanOutputActivation.Linear"/>), when rows are left unbounded.
/// </summary>
internal sealed class MlpGenerator : nn.Module<Tensor, Tensor>
{
    private readonly Sequential _layers;
    private readonly Tanh? _squash;

    public MlpGenerator(int latentDimension, IReadOnlyList<int> hidden, int outputDimension, GanActivation activation, double leakySlope,
        GanOutputActivation output = GanOutputActivation.Tanh)
        : base(nameof(MlpGenerator))
    {
        _layers = MlpLayers.Stack(latentDimension, hidden, outputDimension, activation, leakySlope);
        // Explicit names keep the saved state dictionary readable (no field prefixes).
        register_module("layers", _layers);
        if (output == GanOutputActivation.Tanh)
        {
            _squash = nn.Tanh();
            register_module("squash", _squash);
        }
    }

    public override Tensor forward(Tensor latent) => _squash is null ? _layers.forward(latent) : _squash.forward(_layers.forward(latent));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _layers.Dispose();
            _squash?.Dispose();
        }

        base.Dispose(disposing);
    }
}
