using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static TorchSharp.torch.nn.functional;

namespace GanML.Benchmarks;

/// <summary>
/// The reference: each workload written as a plain TorchSharp program (nn modules, <c>torch.optim.Adam</c>,
/// <c>binary_cross_entropy_with_logits</c>, <c>autograd.grad</c>), with what a careful TorchSharp user does anyway: a
/// dispose scope per step, no discriminator gradients during the generator step, one discriminator pass over real and
/// fake rows when it has no BatchNorm, and the losses read back once at the end of the epoch. Weights are drawn, rows
/// ordered and noise sampled from one seeded generator in the trainer's order, so it trains the same networks on the
/// same batches as the public API.
/// </summary>
internal sealed class PlainTorchSharpGan : IDisposable
{
    private readonly PlainGanSpec _spec;
    private readonly Generator _random;
    private readonly Sequential _generator;
    private readonly Sequential _discriminator;
    private readonly Parameter[] _discriminatorParameters;
    private readonly optim.Optimizer _generatorOptimizer;
    private readonly optim.Optimizer _discriminatorOptimizer;
    private readonly Tensor _data;
    private readonly int _rows;
    private readonly int _gcInterval;

    /// <param name="spec">What to train.</param>
    /// <param name="scaledRows">The rows, already mapped to [−1, 1] as the trainer maps them, row-major.</param>
    /// <param name="dimension">Values per row.</param>
    /// <param name="gcInterval">Force a garbage collection every this many steps (0: never), as plain programs do to
    /// bound the native memory that TorchSharp leaves to finalizers.</param>
    public PlainTorchSharpGan(PlainGanSpec spec, float[] scaledRows, int dimension, int gcInterval = 0)
    {
        _spec = spec;
        _gcInterval = gcInterval;
        _rows = scaledRows.Length / dimension;
        _random = new Generator((ulong)spec.Seed, CPU);
        (_generator, _discriminator) = spec.Network switch
        {
            PlainNetwork.MlpLeaky => (Mlp(spec.LatentDimension, [256, 512], dimension, () => LeakyReLU(0.2), Tanh()),
                Mlp(dimension, [512, 256], 1, () => LeakyReLU(0.2), null)),
            PlainNetwork.MlpRelu => (Mlp(spec.LatentDimension, [512, 512, 512], dimension, () => ReLU(), null),
                Mlp(dimension, [512, 512, 512], 1, () => ReLU(), null)),
            PlainNetwork.Dcgan28 => (Dcgan28Generator(spec.LatentDimension), Dcgan28Discriminator()),
            _ => throw new ArgumentOutOfRangeException(nameof(spec)),
        };
        if (spec.Network == PlainNetwork.Dcgan28)
        {
            InitializeDcgan(_generator, _random);
            InitializeDcgan(_discriminator, _random);
        }
        else
        {
            InitializeLinear(_generator, _random);
            InitializeLinear(_discriminator, _random);
        }

        _discriminatorParameters = _discriminator.parameters().ToArray();
        _generatorOptimizer = optim.Adam(_generator.parameters(), spec.LearningRate, spec.Beta1, spec.Beta2);
        _discriminatorOptimizer = optim.Adam(_discriminatorParameters, spec.LearningRate, spec.Beta1, spec.Beta2);
        _data = tensor(scaledRows, [_rows, dimension]);
    }

    /// <summary>Trains the spec's epochs; returns the mean discriminator and generator losses of the last epoch.</summary>
    public (double DiscriminatorLoss, double GeneratorLoss) Train(Action<int>? afterEpoch = null)
    {
        var batchSize = _spec.BatchSize;
        var batches = _rows / batchSize;
        var steps = 0L;
        (double, double) last = default;
        using var ones = torch.ones(batchSize);
        using var zeros = torch.zeros(batchSize);
        _generator.train();
        _discriminator.train();
        for (var epoch = 0; epoch < _spec.Epochs; epoch++)
        {
            using var epochScope = NewDisposeScope();
            var order = randperm(_rows, generator: _random);
            var discriminatorLosses = new List<Tensor>(batches);
            var generatorLosses = new List<Tensor>(batches);
            for (var batch = 0; batch < batches; batch++)
            {
                using var scope = NewDisposeScope();
                var real = _data.index_select(0, order.narrow(0, (long)batch * batchSize, batchSize));
                discriminatorLosses.Add(DiscriminatorStep(real, ones, zeros).detach().MoveToOuterDisposeScope());
                if (++steps % _spec.CriticSteps == 0)
                {
                    generatorLosses.Add(GeneratorStep(batchSize, ones).detach().MoveToOuterDisposeScope());
                }

                if (_gcInterval > 0 && steps % _gcInterval == 0)
                {
                    GC.Collect();
                }
            }

            last = (stack(discriminatorLosses).mean().item<float>(), stack(generatorLosses).mean().item<float>());
            afterEpoch?.Invoke(epoch + 1);
        }

        return last;
    }

    private Tensor DiscriminatorStep(Tensor real, Tensor ones, Tensor zeros)
    {
        var batchSize = real.size(0);
        Tensor fake;
        using (no_grad())
        {
            fake = _generator.forward(Latent(batchSize));
        }

        Tensor realScores, fakeScores;
        if (_spec.Network == PlainNetwork.Dcgan28)
        {
            realScores = _discriminator.forward(Images(real)).squeeze(1);
            fakeScores = _discriminator.forward(fake).squeeze(1);
        }
        else
        {
            var scores = _discriminator.forward(cat([real, fake], 0)).squeeze(1);
            realScores = scores.narrow(0, 0, batchSize);
            fakeScores = scores.narrow(0, batchSize, batchSize);
        }

        Tensor loss;
        if (_spec.Loss == PlainLoss.NonSaturating)
        {
            loss = binary_cross_entropy_with_logits(realScores, ones) + binary_cross_entropy_with_logits(fakeScores, zeros);
        }
        else
        {
            var alpha = rand(batchSize, 1, generator: _random);
            var interpolates = (fake + alpha * (real - fake)).detach().requires_grad_(true);
            var critic = _discriminator.forward(interpolates);
            var gradients = autograd.grad([critic.sum()], [interpolates], retain_graph: true, create_graph: true)[0];
            var penalty = (gradients.norm(1) - 1).pow(2).mean() * 10;
            loss = fakeScores.mean() - realScores.mean() + penalty;
        }

        _discriminatorOptimizer.zero_grad();
        loss.backward();
        _discriminatorOptimizer.step();
        return loss;
    }

    private Tensor GeneratorStep(int batchSize, Tensor ones)
    {
        foreach (var parameter in _discriminatorParameters)
        {
            parameter.requires_grad = false;
        }

        var scores = _discriminator.forward(_generator.forward(Latent(batchSize))).squeeze(1);
        var loss = _spec.Loss == PlainLoss.NonSaturating ? binary_cross_entropy_with_logits(scores, ones) : -scores.mean();
        _generatorOptimizer.zero_grad();
        loss.backward();
        _generatorOptimizer.step();
        foreach (var parameter in _discriminatorParameters)
        {
            parameter.requires_grad = true;
        }

        return loss;
    }

    private Tensor Latent(long rows) => randn(rows, _spec.LatentDimension, generator: _random);

    private static Tensor Images(Tensor rows) => rows.view(-1, 1, 28, 28);

    private static Sequential Mlp(int inputs, int[] hidden, int outputs, Func<Module<Tensor, Tensor>> activation, Module<Tensor, Tensor>? last)
    {
        var layers = new List<(string, Module<Tensor, Tensor>)>();
        var width = inputs;
        for (var i = 0; i < hidden.Length; i++)
        {
            layers.Add(($"linear{i}", Linear(width, hidden[i])));
            layers.Add(($"activation{i}", activation()));
            width = hidden[i];
        }

        layers.Add(("output", Linear(width, outputs)));
        if (last is not null)
        {
            layers.Add(("last", last));
        }

        return Sequential(layers);
    }

    private static Sequential Dcgan28Generator(int latent) => Sequential(
        ("project", Linear(latent, 128 * 7 * 7)),
        ("project_norm", BatchNorm1d(128 * 7 * 7)),
        ("project_act", ReLU()),
        ("reshape", Unflatten(1, [128, 7, 7])),
        ("upsample0", ConvTranspose2d(128, 64, 4, stride: 2, padding: 1)),
        ("norm0", BatchNorm2d(64)),
        ("act0", ReLU()),
        ("upsample1", ConvTranspose2d(64, 1, 4, stride: 2, padding: 1)),
        ("squash", Tanh()));

    private static Sequential Dcgan28Discriminator() => Sequential(
        ("downsample0", Conv2d(1, 64, 4, stride: 2, padding: 1)),
        ("act0", LeakyReLU(0.2)),
        ("downsample1", Conv2d(64, 128, 4, stride: 2, padding: 1)),
        ("norm1", BatchNorm2d(128)),
        ("act1", LeakyReLU(0.2)),
        ("flatten", Flatten()),
        ("output", Linear(128 * 7 * 7, 1)));

    // PyTorch's Linear initialisation U(−1/√fan_in, 1/√fan_in), drawn from the seeded generator layer by layer.
    private static void InitializeLinear(Module module, Generator random)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        foreach (var linear in module.modules().OfType<Linear>())
        {
            var bound = 1.0 / Math.Sqrt(linear.in_features);
            linear.weight!.copy_(rand(linear.weight.shape, generator: random) * (2 * bound) - bound);
            linear.bias?.copy_(rand(linear.bias.shape, generator: random) * (2 * bound) - bound);
        }
    }

    // DCGAN's initialisation: N(0, 0.02) weights, N(1, 0.02) BatchNorm scales, zero biases.
    private static void InitializeDcgan(Module module, Generator random)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        foreach (var child in module.modules())
        {
            var (weight, bias, mean) = child switch
            {
                Convolution conv => (conv.weight, conv.bias, 0.0),
                Linear linear => (linear.weight, linear.bias, 0.0),
                BatchNorm norm => (norm.weight, norm.bias, 1.0),
                _ => (null, null, 0.0),
            };
            weight?.copy_(randn(weight.shape, generator: random) * 0.02 + mean);
            bias?.zero_();
        }
    }

    public void Dispose()
    {
        _generatorOptimizer.Dispose();
        _discriminatorOptimizer.Dispose();
        _generator.Dispose();
        _discriminator.Dispose();
        _data.Dispose();
        _random.Dispose();
    }
}
