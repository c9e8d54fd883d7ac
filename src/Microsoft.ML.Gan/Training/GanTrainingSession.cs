using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using Microsoft.ML.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan;

/// <summary>
/// Owns what training needs on the device (networks, optimisers, random generators, the scaled data) and runs the
/// alternating updates: every batch of real rows is one discriminator step, and every k-th discriminator step is
/// followed by one generator step.
/// </summary>
internal sealed class GanTrainingSession : IDisposable
{
    private readonly GanTrainer.Options _options;
    private readonly AdversarialLoss _loss;
    private readonly Device _device;
    private readonly MlpGenerator _generator;
    private readonly MlpDiscriminator _discriminator;
    private readonly Parameter[] _discriminatorParameters;
    private readonly AdamOptimizer _generatorOptimizer;
    private readonly AdamOptimizer _discriminatorOptimizer;
    private readonly Generator _hostRandom;
    private readonly Generator _deviceRandom;
    private readonly Tensor _data;
    private readonly int _rows;
    private readonly int _criticSteps;
    private readonly List<GanEpochSummary> _history = [];
    private long _discriminatorStepsTaken;
    private bool _generatorHandedOver;

    public GanTrainingSession(GanTrainer.Options options, FeatureMatrix scaledData, int seed, Device device)
    {
        _options = options;
        _device = device;
        _loss = AdversarialLoss.Create(options.Loss, options.ClipValue, options.GradientPenaltyWeight);
        _criticSteps = GanTrainer.ResolveCriticSteps(options);
        _rows = scaledData.Rows;

        // One host stream for weights and shuffling, one device stream for noise: both follow from the seed.
        _hostRandom = new Generator((ulong)seed, CPU);
        _deviceRandom = device.type == DeviceType.CPU ? _hostRandom : new Generator((ulong)seed + 1, device);

        _generator = new MlpGenerator(options.LatentDimension, options.GeneratorHiddenLayers, scaledData.Dimension,
            options.GeneratorActivation, options.LeakyReluSlope);
        _discriminator = new MlpDiscriminator(scaledData.Dimension, options.PackSize, options.DiscriminatorHiddenLayers,
            options.DiscriminatorActivation, options.LeakyReluSlope);
        MlpLayers.InitializeLinearLayers(_generator, _hostRandom);
        MlpLayers.InitializeLinearLayers(_discriminator, _hostRandom);
        _generator.to(device);
        _discriminator.to(device);
        _discriminatorParameters = _discriminator.parameters().ToArray();

        _generatorOptimizer = new AdamOptimizer(_generator.parameters(), options.GeneratorLearningRate, options.Beta1, options.Beta2);
        _discriminatorOptimizer = new AdamOptimizer(_discriminatorParameters, options.DiscriminatorLearningRate, options.Beta1, options.Beta2);

        _data = ToDevice(scaledData, device);
    }

    public IReadOnlyList<GanEpochSummary> History => _history;

    public int CompletedEpochs => _history.Count;

    /// <summary>Trains all epochs. Cancellation is honoured between steps.</summary>
    public void Train(IChannel channel, CancellationToken cancellationToken)
    {
        using var discriminatorLoss = new LossRecorder("discriminator");
        using var generatorLoss = new LossRecorder("generator");
        using var wasserstein = new LossRecorder("critic", negate: true);
        var batchSize = _options.BatchSize;
        var batches = _rows / batchSize;
        _generator.train();
        _discriminator.train();

        for (var epoch = 1; epoch <= _options.Epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            discriminatorLoss.Reset();
            generatorLoss.Reset();
            wasserstein.Reset();
            using (var epochScope = NewDisposeScope())
            {
                var order = randperm(_rows, generator: _hostRandom).to(_device);
                for (var batch = 0; batch < batches; batch++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var step = batch + 1;
                    using var stepScope = NewDisposeScope();
                    var real = _data.index_select(0, order.narrow(0, (long)batch * batchSize, batchSize));
                    var (total, main) = DiscriminatorStep(real);
                    discriminatorLoss.Record(total, epoch, step);
                    if (_loss.IsCritic)
                    {
                        wasserstein.Record(main, epoch, step);
                    }

                    if (++_discriminatorStepsTaken % _criticSteps == 0)
                    {
                        generatorLoss.Record(GeneratorStep(batchSize), epoch, step);
                    }
                }
            }

            discriminatorLoss.Flush(epoch);
            generatorLoss.Flush(epoch);
            wasserstein.Flush(epoch);
            var summary = new GanEpochSummary(epoch, discriminatorLoss.Mean, generatorLoss.Mean,
                _loss.IsCritic ? wasserstein.Mean : null, discriminatorLoss.Count, generatorLoss.Count, clock.Elapsed);
            _history.Add(summary);
            Report(channel, summary);
        }
    }

    /// <summary>Hands the generator to the caller (for a <see cref="SampleGenerator"/>); the session no longer disposes it.</summary>
    public MlpGenerator TakeGenerator()
    {
        _generatorHandedOver = true;
        return _generator;
    }

    private (Tensor Total, Tensor Main) DiscriminatorStep(Tensor real)
    {
        var batchSize = real.size(0);
        Tensor fake;
        using (no_grad())
        {
            fake = _generator.forward(randn(batchSize, _options.LatentDimension, device: _device, generator: _deviceRandom));
        }

        // One forward pass over real and fake rows (the MLP has no batch statistics); packs never straddle the two halves.
        var scores = _discriminator.forward(cat([real, fake], 0));
        var packs = scores.size(0) / 2;
        var main = _loss.DiscriminatorLoss(scores.narrow(0, 0, packs), scores.narrow(0, packs, packs));
        var regularizer = _loss.DiscriminatorRegularizer(_discriminator, real, fake, _deviceRandom);
        var total = regularizer is null ? main : LossScalars.Plus(main, regularizer);

        _discriminatorOptimizer.ZeroGrad();
        total.backward();
        _discriminatorOptimizer.Step();
        _loss.AfterDiscriminatorStep(_discriminatorParameters);
        return (total, main);
    }

    private Tensor GeneratorStep(int batchSize)
    {
        // D is fixed during G's step: no gradients are computed for its parameters.
        SetRequiresGrad(_discriminatorParameters, false);
        try
        {
            var fake = _generator.forward(randn(batchSize, _options.LatentDimension, device: _device, generator: _deviceRandom));
            var loss = _loss.GeneratorLoss(_discriminator.forward(fake));
            _generatorOptimizer.ZeroGrad();
            loss.backward();
            _generatorOptimizer.Step();
            return loss;
        }
        finally
        {
            SetRequiresGrad(_discriminatorParameters, true);
        }
    }

    // One copy from the managed buffer into native memory (and one more to a GPU); owned by the session, not by any scope.
    private static Tensor ToDevice(FeatureMatrix matrix, Device device)
    {
        var data = empty(matrix.Rows, matrix.Dimension).DetachFromDisposeScope();
        using (var access = data.data<float>())
        {
            access.CopyFrom(matrix.Span, 0, 0);
        }

        if (device.type == DeviceType.CPU)
        {
            return data;
        }

        using (data)
        {
            return data.to(device).DetachFromDisposeScope();
        }
    }

    private static void SetRequiresGrad(Parameter[] parameters, bool value)
    {
        foreach (var parameter in parameters)
        {
            parameter.requires_grad = value;
        }
    }

    private void Report(IChannel channel, GanEpochSummary summary)
    {
        var distance = summary.WassersteinEstimate is double w ? $", Wasserstein estimate {w:G5}" : string.Empty;
        channel.Info(MessageSensitivity.None, $"Epoch {summary.Epoch}/{_options.Epochs}: D loss {summary.DiscriminatorLoss:G5}, G loss {summary.GeneratorLoss:G5}{distance} ({summary.Elapsed.TotalSeconds:F2} s)");
        _options.Progress?.Report(summary);
    }

    public void Dispose()
    {
        _generatorOptimizer.Dispose();
        _discriminatorOptimizer.Dispose();
        _loss.Dispose();
        if (!_generatorHandedOver)
        {
            _generator.Dispose();
        }

        _discriminator.Dispose();
        _data.Dispose();
        if (!ReferenceEquals(_deviceRandom, _hostRandom))
        {
            _deviceRandom.Dispose();
        }

        _hostRandom.Dispose();
    }
}
