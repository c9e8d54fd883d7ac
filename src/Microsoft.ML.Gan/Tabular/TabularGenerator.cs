using System.Collections.Generic;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan;

/// <summary>
/// CTGAN's generator: residual blocks (<see cref="TabularResidualBlock"/>) over the latent vector joined to the
/// conditional vector, then a linear layer to the encoded row's width. Its output is raw (logits and pre-tanh scalars);
/// the activations are applied per span by the trainer (Gumbel-softmax, tanh) and the sampler.
/// </summary>
internal sealed class TabularGenerator : nn.Module<Tensor, Tensor>
{
    private readonly Sequential _layers;

    public TabularGenerator(int inputs, IReadOnlyList<int> hidden, int outputs)
        : base(nameof(TabularGenerator))
    {
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        var width = inputs;
        for (var i = 0; i < hidden.Count; i++)
        {
            layers.Add(($"residual{i}", new TabularResidualBlock(width, hidden[i])));
            width += hidden[i];
        }

        layers.Add(("output", nn.Linear(width, outputs)));
        _layers = nn.Sequential(layers);
        register_module("layers", _layers);
    }

    public override Tensor forward(Tensor input) => _layers.forward(input);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _layers.Dispose();
        }

        base.Dispose(disposing);
    }
}
