using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using Microsoft.ML.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan;

/// <summary>
/// Owns the four networks, two optimisers and two image pools of one CycleGAN training run and takes its steps. Each
/// step draws one batch from each domain; the generators G (A→B) and F (B→A) take one joint step on
/// <c>L_adv(G) + L_adv(F) + λ·L_cyc (+ λ·λ_id·L_id)</c> against fixed discriminators, then both discriminators take one
/// joint step on real images and pooled translations.
/// </summary>
internal sealed class CycleGanTrainingSession : IDisposable
{
    private readonly CycleGanSettings _settings;
    private readonly CycleGanTrainer.Options _options;
    private readonly AdversarialLoss _loss;
    private readonly Device _device;
    private readonly ResnetGenerator _aToB;
    private readonly ResnetGenerator _bToA;
    private readonly PatchDiscriminator _discriminatorA;
    private readonly PatchDiscriminator _discriminatorB;
    private readonly Parameter[] _discriminatorParameters;
    private readonly AdamOptimizer _generatorOptimizer;
    private readonly AdamOptimizer _discriminatorOptimizer;
    private readonly ImagePool _poolA;
    private readonly ImagePool _poolB;
    private readonly Generator _random;
    private readonly Tensor _a;
    private readonly Tensor _b;
    private readonly Scalar _cycleWeight;
    private readonly Scalar _identityWeight;
    private readonly List<CycleGanEpochSummary> _history = [];
    private readonly LossRecorder _discriminatorLoss = new("discriminator");
    private readonly LossRecorder _adversarialLoss = new("generator");
    private readonly LossRecorder _cycleLoss = new("cycle");
    private readonly LossRecorder _identityLoss = new("identity");
    private bool _generatorsHandedOver;

    /// <param name="settings">The networks to build.</param>
    /// <param name="options">Batch size, loss weights, optimiser settings.</param>
    /// <param name="scaledA">Domain A's images in [−1, 1], row-major (rows × C·S·S).</param>
    /// <param name="scaledB">Domain B's images in [−1, 1].</param>
    /// <param name="seed">Seeds the weights, the batch order and the pools.</param>
    /// <param name="device">Where to train.</param>
    public CycleGanTrainingSession(CycleGanSettings settings, CycleGanTrainer.Options options, FeatureMatrix scaledA, FeatureMatrix scaledB, int seed, Device device)
    {
        _settings = settings;
        _options = options;
        _device = device;
        _loss = AdversarialLoss.Create(options.Loss, options.ClipValue, options.GradientPenaltyWeight);
        _random = new Generator((ulong)seed, CPU);
        _aToB = Initialized(settings.CreateGenerator());
        _bToA = Initialized(settings.CreateGenerator());
        _discriminatorA = Initialized(settings.CreateDiscriminator());
        _discriminatorB = Initialized(settings.CreateDiscriminator());
        _discriminatorParameters = [.. _discriminatorA.parameters(), .. _discriminatorB.parameters()];
        _generatorOptimizer = new AdamOptimizer([.. _aToB.parameters(), .. _bToA.parameters()], options.LearningRate, options.Beta1, options.Beta2);
        _discriminatorOptimizer = new AdamOptimizer(_discriminatorParameters, options.LearningRate, options.Beta1, options.Beta2);
        _poolA = new ImagePool(options.PoolSize, settings.ImageLength, device, unchecked(seed + 1));
        _poolB = new ImagePool(options.PoolSize, settings.ImageLength, device, unchecked(seed + 2));
        _a = GanTrainingSession.ToDevice(scaledA, device);
        _b = GanTrainingSession.ToDevice(scaledB, device);
        _cycleWeight = options.CycleWeight.ToScalar();
        _identityWeight = (options.CycleWeight * options.IdentityWeight).ToScalar();
    }

    public IReadOnlyList<CycleGanEpochSummary> History => _history;

    private LossRecorder[] Recorders => [_discriminatorLoss, _adversarialLoss, _cycleLoss, _identityLoss];

    public void Train(IChannel channel, CancellationToken cancellationToken)
    {
        var batchSize = _options.BatchSize;
        var rowsA = _a.size(0);
        var rowsB = _b.size(0);
        var steps = (int)(Math.Min(rowsA, rowsB) / batchSize);
        var useIdentity = _options.IdentityWeight > 0;
        foreach (var module in new nn.Module[] { _aToB, _bToA, _discriminatorA, _discriminatorB })
        {
            module.train();
        }

        for (var epoch = 1; epoch <= _options.Epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            foreach (var recorder in Recorders)
            {
                recorder.Reset();
            }

            using var epochScope = NewDisposeScope();
            // Each domain in its own random order: the pairs (a, b) of a step are arbitrary, as unpaired training wants.
            var orderA = randperm(rowsA, generator: _random).to(_device);
            var orderB = randperm(rowsB, generator: _random).to(_device);
            for (var step = 0; step < steps; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var stepScope = NewDisposeScope();
                var a = _a.index_select(0, orderA.narrow(0, (long)step * batchSize, batchSize));
                var b = _b.index_select(0, orderB.narrow(0, (long)step * batchSize, batchSize));
                var (fakeA, fakeB) = GeneratorStep(a, b, useIdentity, epoch, step + 1);
                _discriminatorLoss.Record(DiscriminatorStep(a, b, fakeA, fakeB), epoch, step + 1);
            }

            // Losses are read back in one copy per epoch (or per LossRecorder.FlushInterval steps), not one sync per step.
            foreach (var recorder in Recorders)
            {
                recorder.Flush(epoch);
            }

            var summary = new CycleGanEpochSummary(epoch, _discriminatorLoss.Mean, _adversarialLoss.Mean, _cycleLoss.Mean,
                useIdentity ? _identityLoss.Mean : null, steps, clock.Elapsed);
            _history.Add(summary);
            channel.Info(MessageSensitivity.None,
                $"Epoch {epoch}/{_options.Epochs}: D loss {summary.DiscriminatorLoss:G5}, adversarial {summary.AdversarialLoss:G5}, cycle {summary.CycleLoss:G5} ({summary.Duration.TotalSeconds:F2} s)");
            _options.Progress?.Report(summary);
        }
    }

    /// <summary>The trained generators as a model; the session gives them away and must not train further.</summary>
    public CycleGanModel ToModel(FeatureScaling scalingA, FeatureScaling scalingB, int seed)
    {
        _generatorsHandedOver = true;
        return new CycleGanModel
        {
            Settings = _settings,
            ScalingA = scalingA,
            ScalingB = scalingB,
            AToB = _aToB,
            BToA = _bToA,
            TrainingSeed = seed,
            History = _history.ToArray(),
            Device = _device,
        };
    }

    public void Dispose()
    {
        if (!_generatorsHandedOver)
        {
            _aToB.Dispose();
            _bToA.Dispose();
        }

        _discriminatorA.Dispose();
        _discriminatorB.Dispose();
        _generatorOptimizer.Dispose();
        _discriminatorOptimizer.Dispose();
        _poolA.Dispose();
        _poolB.Dispose();
        _loss.Dispose();
        _random.Dispose();
        _a.Dispose();
        _b.Dispose();
        _cycleWeight.Dispose();
        _identityWeight.Dispose();
        foreach (var recorder in Recorders)
        {
            recorder.Dispose();
        }
    }

    // Generators against fixed discriminators: D's parameters stop asking for gradients, so the G step computes none for them.
    private (Tensor FakeA, Tensor FakeB) GeneratorStep(Tensor a, Tensor b, bool useIdentity, int epoch, int step)
    {
        GanTrainingSession.SetRequiresGrad(_discriminatorParameters, false);
        var fakeB = _aToB.forward(a);
        var fakeA = _bToA.forward(b);
        var adversarial = LossScalars.Plus(
            _loss.GeneratorLoss(_discriminatorB.forward(fakeB)),
            _loss.GeneratorLoss(_discriminatorA.forward(fakeA)));
        var cycle = LossScalars.Plus(CycleConsistency.L1(a, _bToA.forward(fakeB)), CycleConsistency.L1(b, _aToB.forward(fakeA)));
        var total = LossScalars.Plus(adversarial, cycle.mul(_cycleWeight));
        if (useIdentity)
        {
            var identity = LossScalars.Plus(CycleConsistency.L1(b, _aToB.forward(b)), CycleConsistency.L1(a, _bToA.forward(a)));
            total = LossScalars.Plus(total, identity.mul(_identityWeight));
            _identityLoss.Record(identity, epoch, step);
        }

        _generatorOptimizer.ZeroGrad();
        total.backward();
        _generatorOptimizer.Step();
        GanTrainingSession.SetRequiresGrad(_discriminatorParameters, true);
        _adversarialLoss.Record(adversarial.mul(LossScalars.Half), epoch, step);
        _cycleLoss.Record(cycle, epoch, step);
        return (fakeA.detach(), fakeB.detach());
    }

    private Tensor DiscriminatorStep(Tensor a, Tensor b, Tensor fakeA, Tensor fakeB)
    {
        var pooledA = _poolA.Query(fakeA);
        var pooledB = _poolB.Query(fakeB);
        var total = LossScalars.Plus(
            _loss.DiscriminatorLoss(_discriminatorA.forward(a), _discriminatorA.forward(pooledA)),
            _loss.DiscriminatorLoss(_discriminatorB.forward(b), _discriminatorB.forward(pooledB)));
        foreach (var (discriminator, real, fake) in new[] { (_discriminatorA, a, pooledA), (_discriminatorB, b, pooledB) })
        {
            if (_loss.DiscriminatorRegularizer(discriminator, real, fake, _random) is { } penalty)
            {
                total = LossScalars.Plus(total, penalty);
            }
        }

        _discriminatorOptimizer.ZeroGrad();
        total.backward();
        _discriminatorOptimizer.Step();
        _loss.AfterDiscriminatorStep(_discriminatorParameters);
        return total.mul(LossScalars.Half);
    }

    private T Initialized<T>(T module)
        where T : nn.Module
    {
        DcganLayers.Initialize(module, _random);
        module.to(_device);
        return module;
    }
}
