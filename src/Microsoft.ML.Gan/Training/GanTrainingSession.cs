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
/// followed by one generator step. It starts fresh or continues a <see cref="GanModel"/>, and its state can be captured
/// between any two steps, so training resumes exactly where it stopped.
/// </summary>
internal sealed class GanTrainingSession : IDisposable
{
    private readonly GanSettings _settings;
    private readonly AdversarialLoss _loss;
    private readonly Device _device;
    private readonly nn.Module<Tensor, Tensor> _generator;
    private readonly nn.Module<Tensor, Tensor> _discriminator;
    private readonly Parameter[] _discriminatorParameters;
    private readonly ExponentialMovingAverage<nn.Module<Tensor, Tensor>>? _average;
    private readonly AdamOptimizer _generatorOptimizer;
    private readonly AdamOptimizer _discriminatorOptimizer;
    private readonly Generator _permutationRandom;
    private readonly Generator _noiseRandom;
    private readonly Tensor _data;
    private readonly Tensor? _conditions;

    /// <summary>With <see cref="GanSettings.BalanceClasses"/>: each row's drawing weight, 1 / the size of its class.</summary>
    private readonly Tensor? _balancedWeights;
    private readonly Scalar? _mismatchWeight;
    private readonly Scalar? _classCount;
    private readonly int _rows;
    private readonly List<GanEpochSummary> _history;
    private readonly LossRecorder _discriminatorLoss = new("discriminator");
    private readonly LossRecorder _generatorLoss = new("generator");
    private readonly LossRecorder _wasserstein = new("critic", negate: true);
    private readonly Stopwatch _epochClock = new();
    private long _discriminatorStepsTaken;
    private Tensor? _epochOrder;
    private Tensor? _realAndFake;
    private Tensor? _generatorInput;
    private Tensor? _generatedPairs;
    private Tensor? _mismatchedPairs;
    private int _nextBatch;
    private double _epochSecondsBefore;
    private bool _networksHandedOver;

    /// <summary>Starts training from newly initialised networks.</summary>
    public GanTrainingSession(GanSettings settings, FeatureMatrix scaledData, float[]? conditions, int seed, Device device)
        : this(settings, scaledData, conditions, device, new Generator((ulong)seed, CPU), random => settings.CreateGenerator(random), random => settings.CreateDiscriminator(random), [])
    {
    }

    /// <summary>Continues training <paramref name="initial"/> (its networks are copied; it stays usable).</summary>
    public GanTrainingSession(GanSettings settings, GanModel initial, FeatureMatrix scaledData, float[]? conditions, Device device)
        : this(settings, scaledData, conditions, device, new Generator((ulong)initial.TrainingSeed, CPU),
            _ => CopyOf(settings.CreateGenerator(), initial.Generator), _ => CopyOf(settings.CreateDiscriminator(), initial.Discriminator), initial.History)
    {
        if (_average is not null && initial.GeneratorAverage is { } average)
        {
            CopyOf(_average.Shadow, average);
        }

        if (initial.Training is { } state)
        {
            _generatorOptimizer.ImportState(state.GeneratorOptimizer);
            _discriminatorOptimizer.ImportState(state.DiscriminatorOptimizer);
            _permutationRandom.set_state(state.PermutationRandomState);
            _noiseRandom.set_state(state.NoiseRandomState);
            _discriminatorStepsTaken = state.DiscriminatorStepsTaken;
            if (state.EpochOrder is { } order)
            {
                _epochOrder = order.to(device).clone().DetachFromDisposeScope();
                _nextBatch = state.NextBatch;
                var partial = state.PartialEpoch;
                _discriminatorLoss.Restore(partial.DiscriminatorSum, partial.DiscriminatorCount);
                _generatorLoss.Restore(partial.GeneratorSum, partial.GeneratorCount);
                _wasserstein.Restore(partial.WassersteinSum, partial.WassersteinCount);
                _epochSecondsBefore = partial.ElapsedSeconds;
            }
        }
    }

    // On the CPU one generator serves weights, row order and noise; a GPU gets its own noise generator.
    private GanTrainingSession(GanSettings settings, FeatureMatrix scaledData, float[]? conditions, Device device, Generator permutationRandom,
        Func<Generator, nn.Module<Tensor, Tensor>> createGenerator, Func<Generator, nn.Module<Tensor, Tensor>> createDiscriminator,
        IEnumerable<GanEpochSummary> history)
    {
        _settings = settings;
        _device = device;
        _loss = AdversarialLoss.Create(settings.Loss, settings.ClipValue, settings.GradientPenaltyWeight);
        _rows = scaledData.Rows;
        _history = [.. history];
        _permutationRandom = permutationRandom;
        _noiseRandom = device.type == DeviceType.CPU ? permutationRandom : new Generator((ulong)permutationRandom.initial_seed() + 1, device);
        _generator = createGenerator(permutationRandom);
        _discriminator = createDiscriminator(permutationRandom);
        _generator.to(device);
        _discriminator.to(device);
        _discriminatorParameters = _discriminator.parameters().ToArray();
        _average = settings.GeneratorAverageDecay is double decay
            ? new ExponentialMovingAverage<nn.Module<Tensor, Tensor>>(_generator, settings.CreateGenerator().to(device), decay)
            : null;
        _generatorOptimizer = new AdamOptimizer(_generator.parameters(), settings.GeneratorLearningRate, settings.Beta1, settings.Beta2);
        _discriminatorOptimizer = new AdamOptimizer(_discriminatorParameters, settings.DiscriminatorLearningRate, settings.Beta1, settings.Beta2);
        _data = ToDevice(scaledData.Values, scaledData.Rows, scaledData.Dimension, device);
        if (conditions is not null)
        {
            _conditions = ToDevice(conditions, _rows, settings.ConditionDimension, device);
            _mismatchWeight = settings.MismatchedConditionWeight;
            _classCount = settings.ConditionDimension;
            if (settings.BalanceClasses)
            {
                using var scope = NewDisposeScope();
                _balancedWeights = _conditions.matmul(_conditions.sum([0])).reciprocal_().MoveToOuterDisposeScope();
                _balancedWeights.DetachFromDisposeScope();
            }
        }
    }

    public IReadOnlyList<GanEpochSummary> History => _history;

    public int CompletedEpochs => _history.Count;

    /// <summary>
    /// Trains until <paramref name="targetEpochs"/> epochs are complete in total. Cancellation is honoured between steps;
    /// <paramref name="afterEpoch"/> runs after each completed epoch (checkpoints).
    /// </summary>
    public void Train(int targetEpochs, IChannel channel, IProgress<GanEpochSummary>? progress, CancellationToken cancellationToken, Action? afterEpoch = null)
    {
        var batchSize = _settings.BatchSize;
        var batches = _rows / batchSize;
        _generator.train();
        _discriminator.train();

        while (CompletedEpochs < targetEpochs)
        {
            var epoch = CompletedEpochs + 1;
            if (_epochOrder is null)
            {
                using (var scope = NewDisposeScope())
                {
                    _epochOrder = (_balancedWeights is null
                        ? randperm(_rows, generator: _permutationRandom).to(_device)
                        : _balancedWeights.multinomial(_rows, replacement: true, generator: _noiseRandom)).MoveToOuterDisposeScope();
                }

                _epochOrder.DetachFromDisposeScope();
                _nextBatch = 0;
                _epochSecondsBefore = 0;
                _discriminatorLoss.Reset();
                _generatorLoss.Reset();
                _wasserstein.Reset();
            }

            _epochClock.Restart();
            for (; _nextBatch < batches; _nextBatch++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var step = _nextBatch + 1;
                using var stepScope = NewDisposeScope();
                var rows = _epochOrder.narrow(0, (long)_nextBatch * batchSize, batchSize);
                var (total, main) = DiscriminatorStep(_data.index_select(0, rows), _conditions?.index_select(0, rows));
                _discriminatorLoss.Record(total, epoch, step);
                if (_loss.IsCritic)
                {
                    _wasserstein.Record(main, epoch, step);
                }

                if (++_discriminatorStepsTaken % _settings.CriticSteps == 0)
                {
                    _generatorLoss.Record(GeneratorStep(batchSize), epoch, step);
                }
            }

            _discriminatorLoss.Flush(epoch);
            _generatorLoss.Flush(epoch);
            _wasserstein.Flush(epoch);
            var summary = new GanEpochSummary(epoch, _discriminatorLoss.Mean, _generatorLoss.Mean,
                _loss.IsCritic ? _wasserstein.Mean : null, _discriminatorLoss.Count, _generatorLoss.Count,
                TimeSpan.FromSeconds(_epochSecondsBefore) + _epochClock.Elapsed);
            _epochOrder.Dispose();
            _epochOrder = null;
            _history.Add(summary);
            Report(channel, progress, summary, targetEpochs);
            afterEpoch?.Invoke();
        }
    }

    /// <summary>Copies the state needed to continue exactly from this point (between two steps).</summary>
    public TrainingState CaptureState()
    {
        var epoch = CompletedEpochs + 1;
        _discriminatorLoss.Flush(epoch);
        _generatorLoss.Flush(epoch);
        _wasserstein.Flush(epoch);
        using var noGrad = no_grad();
        return new TrainingState
        {
            CompletedEpochs = CompletedEpochs,
            DiscriminatorStepsTaken = _discriminatorStepsTaken,
            EpochOrder = _epochOrder?.clone().DetachFromDisposeScope(),
            NextBatch = _epochOrder is null ? 0 : _nextBatch,
            PartialEpoch = _epochOrder is null ? default : new EpochTotals(
                _discriminatorLoss.Sum, _discriminatorLoss.Count, _generatorLoss.Sum, _generatorLoss.Count,
                _wasserstein.Sum, _wasserstein.Count, _epochSecondsBefore + _epochClock.Elapsed.TotalSeconds),
            PermutationRandomState = _permutationRandom.get_state().DetachFromDisposeScope(),
            NoiseRandomState = _noiseRandom.get_state().DetachFromDisposeScope(),
            GeneratorOptimizer = _generatorOptimizer.ExportState(),
            DiscriminatorOptimizer = _discriminatorOptimizer.ExportState(),
        };
    }

    /// <summary>
    /// A model of the networks as they are now, with the state to continue training. With <paramref name="handOver"/> the
    /// session gives its networks away (it is finished); otherwise the model gets copies (a checkpoint).
    /// </summary>
    public GanModel ToModel(FeatureScaling scaling, int trainingSeed, bool handOver)
    {
        var training = CaptureState();
        _networksHandedOver |= handOver;
        return new GanModel
        {
            Settings = _settings,
            Scaling = scaling,
            Generator = handOver ? _generator : CopyOf(_settings.CreateGenerator(), _generator).to(_device),
            Discriminator = handOver ? _discriminator : CopyOf(_settings.CreateDiscriminator(), _discriminator).to(_device),
            GeneratorAverage = _average is null ? null : CopyOf(_settings.CreateGenerator(), _average.Shadow).to(_device),
            TrainingSeed = trainingSeed,
            GenerationSeed = trainingSeed,
            History = _history.ToArray(),
            Training = training,
            Device = _device,
        };
    }

    /// <summary>
    /// Discriminator steps against the generator that generation uses (the moving average when kept), with it fixed, on
    /// randomly drawn real rows: D at the end of alternating training judges the generator of a moment ago, while
    /// rejection sampling needs it to judge the final one. A conditional model's rows, and with them the conditions, are
    /// drawn as in training (every class equally likely with balanced classes).
    /// </summary>
    public void CalibrateDiscriminator(int steps, IChannel channel)
    {
        if (steps == 0)
        {
            return;
        }

        var generator = _average?.Shadow ?? _generator;
        _discriminator.train();
        Tensor? last = null;
        for (var i = 0; i < steps; i++)
        {
            using var stepScope = NewDisposeScope();
            var rows = _balancedWeights is null
                ? randint(_rows, [_settings.BatchSize], generator: _permutationRandom).to(_device)
                : _balancedWeights.multinomial(_settings.BatchSize, replacement: true, generator: _noiseRandom);
            var (total, _) = DiscriminatorStep(_data.index_select(0, rows), _conditions?.index_select(0, rows), generator);
            if (i == steps - 1)
            {
                last = total.detach().MoveToOuterDisposeScope();
            }
        }

        using (last)
        {
            channel.Info(MessageSensitivity.None, $"Calibrated the discriminator in {steps} steps: D loss {last!.item<float>():G5}.");
        }
    }

    private (Tensor Total, Tensor Main) DiscriminatorStep(Tensor real, Tensor? condition, nn.Module<Tensor, Tensor>? fakeSource = null)
    {
        var batchSize = real.size(0);
        Tensor fake;
        using (no_grad())
        {
            fake = (fakeSource ?? _generator).forward(GeneratorInput(batchSize, condition));
        }

        // Real rows above fakes in one buffer the session keeps, rather than joined with torch.cat (see Buffer). A
        // conditional D judges pairs: each row is followed by its condition (the fakes were made for the real rows'
        // conditions). Unconditional BatchNorm discriminators take the two halves as they are.
        var realRows = real;
        Tensor? pair = null;
        if (condition is not null || !_settings.DiscriminatorUsesBatchStatistics)
        {
            pair = Buffer(ref _realAndFake, 2 * batchSize, real.size(1) + (condition?.size(1) ?? 0));
            var realPairs = pair.narrow(0, 0, batchSize);
            var fakePairs = pair.narrow(0, batchSize, batchSize);
            TensorMemory.WriteColumns(realPairs, real, condition);
            TensorMemory.WriteColumns(fakePairs, fake, condition);
            (real, fake) = (realPairs, fakePairs);
        }

        Tensor realScores, fakeScores;
        if (_settings.DiscriminatorUsesBatchStatistics)
        {
            // BatchNorm normalises over the batch: real and fake rows must not share statistics.
            (real, fake) = (Augmented(real), Augmented(fake));
            realScores = _discriminator.forward(real);
            fakeScores = _discriminator.forward(fake);
        }
        else
        {
            // One forward pass over real and fake rows; packs never straddle the two halves.
            if (_settings.DiscriminatorAugmentation != GanImageAugmentation.None)
            {
                pair = Augmented(pair!);
                (real, fake) = (pair.narrow(0, 0, batchSize), pair.narrow(0, batchSize, batchSize));
            }

            var scores = _discriminator.forward(pair!);
            var packs = scores.size(0) / 2;
            realScores = scores.narrow(0, 0, packs);
            fakeScores = scores.narrow(0, packs, packs);
        }

        var main = _loss.DiscriminatorLoss(realScores, fakeScores);
        var regularizer = _loss.DiscriminatorRegularizer(_discriminator, real, fake, _noiseRandom);
        var total = regularizer is null ? main : LossScalars.Plus(main, regularizer);
        if (condition is not null && _settings.MismatchedConditionWeight > 0)
        {
            // Matching-aware: real rows with a wrong condition are fakes too.
            var wrong = Mismatch(condition, _settings.IsLabelConditional, _settings.ConditionDimension, _classCount!, _noiseRandom);
            var mismatched = Buffer(ref _mismatchedPairs, batchSize, realRows.size(1) + wrong.size(1));
            TensorMemory.WriteColumns(mismatched, realRows, wrong);
            total = LossScalars.Plus(total, MismatchTerm(_loss, _discriminator, Augmented(mismatched), _mismatchWeight!));
        }

        _discriminatorOptimizer.ZeroGrad();
        total.backward();
        _discriminatorOptimizer.Step();
        _loss.AfterDiscriminatorStep(_discriminatorParameters);
        return (total, main);
    }

    /// <summary>
    /// What D reads in training: with DiffAugment, the rows with every image transformed at random (the condition, if
    /// any, left as it is); otherwise the rows themselves.
    /// </summary>
    private Tensor Augmented(Tensor rows) => _settings.DiscriminatorAugmentation == GanImageAugmentation.None
        ? rows
        : DifferentiableAugmentation.Apply(rows, _settings.DiscriminatorAugmentation, _settings.ImageChannels, _settings.ImageSize, _noiseRandom);

    /// <summary>
    /// A (rows × columns) buffer the session keeps, made again only when the shape changes. Rows are joined into such
    /// buffers rather than with torch.cat, which allocates anew every step and leaves a pinned handle array to the
    /// finalizer (TorchSharp's PinnedArray does not suppress finalization). Overwritten every step: the previous step's
    /// graph, which saved it, has been consumed by then.
    /// </summary>
    private Tensor Buffer(ref Tensor? buffer, long rows, long columns)
    {
        if (buffer is null || buffer.size(0) != rows || buffer.size(1) != columns)
        {
            buffer?.Dispose();
            buffer = empty(rows, columns, device: _device).DetachFromDisposeScope();
        }

        return buffer;
    }

    // With warm-up (as TensorFlow's ExponentialMovingAverage with num_updates, and the tabular trainer) the decay grows
    // to its setting over the first steps, so a short run does not keep its initial weights in the average; it depends on
    // the step count alone (the optimizer's, which a resumed run restores), so resuming matches an uninterrupted run.
    private void UpdateAverage()
    {
        if (_average is null)
        {
            return;
        }

        var step = _generatorOptimizer.StepCount;
        _average.Update(_settings.GeneratorAverageWarmUp ? Math.Min(_average.Decay, (1.0 + step) / (10.0 + step)) : _average.Decay);
    }

    private Tensor GeneratorStep(int batchSize)
    {
        // D is fixed during G's step: no gradients are computed for its parameters.
        SetRequiresGrad(_discriminatorParameters, false);
        try
        {
            var latent = randn(batchSize, _settings.LatentDimension, device: _device, generator: _noiseRandom);
            Tensor fake;
            if (_conditions is null)
            {
                fake = _generator.forward(latent);
            }
            else
            {
                // Conditions as often as the data have them (those of randomly drawn training rows), or every class
                // equally often.
                var drawn = _balancedWeights is null
                    ? randint(_rows, [batchSize], generator: _noiseRandom).to(_device)
                    : _balancedWeights.multinomial(batchSize, replacement: true, generator: _noiseRandom);
                var condition = _conditions.index_select(0, drawn);
                var input = Buffer(ref _generatorInput, batchSize, latent.size(1) + condition.size(1));
                TensorMemory.WriteColumns(input, latent, condition);
                var generated = _generator.forward(input);
                // The generated rows carry G's graph: they are written into a detached alias of the kept buffer, so the
                // copy is recorded on this step's alias and never on the buffer that later steps reuse.
                fake = Buffer(ref _generatedPairs, batchSize, generated.size(1) + condition.size(1)).detach();
                TensorMemory.WriteColumns(fake, generated, condition);
            }

            var loss = _loss.GeneratorLoss(_discriminator.forward(Augmented(fake)));
            _generatorOptimizer.ZeroGrad();
            loss.backward();
            _generatorOptimizer.Step();
            UpdateAverage();
            return loss;
        }
        finally
        {
            SetRequiresGrad(_discriminatorParameters, true);
        }
    }

    private Tensor GeneratorInput(long batchSize, Tensor? condition)
    {
        var latent = randn(batchSize, _settings.LatentDimension, device: _device, generator: _noiseRandom);
        if (condition is null)
        {
            return latent;
        }

        var input = Buffer(ref _generatorInput, batchSize, latent.size(1) + condition.size(1));
        TensorMemory.WriteColumns(input, latent, condition);
        return input;
    }

    /// <summary>
    /// The matching-aware term <c>w × L_fake(D(x, ĉ))</c>: real rows shown with wrong conditions count as fakes.
    /// <paramref name="mismatchedPairs"/> holds each real row followed by a wrong condition.
    /// </summary>
    internal static Tensor MismatchTerm(AdversarialLoss loss, nn.Module<Tensor, Tensor> discriminator, Tensor mismatchedPairs, Scalar weight) =>
        loss.FakeLoss(discriminator.forward(mismatchedPairs)).mul_(weight);

    /// <summary>
    /// A wrong condition for every row: for a label (one-hot of <paramref name="classes"/>), one of the other classes
    /// drawn uniformly; for a vector, the next row's condition in the batch.
    /// </summary>
    internal static Tensor Mismatch(Tensor condition, bool label, int classes, Scalar classCount, Generator random)
    {
        if (!label)
        {
            return condition.roll(1, 0);
        }

        var shift = randint(1, classes, [condition.size(0)], generator: random).to(condition.device);
        return nn.functional.one_hot(condition.argmax(1).add_(shift, LossScalars.OneInteger).remainder_(classCount), classes).to(ScalarType.Float32);
    }

    /// <summary>Copies the state of <paramref name="source"/> into <paramref name="target"/> (same architecture) and returns it.</summary>
    internal static T CopyOf<T>(T target, nn.Module source)
        where T : nn.Module
    {
        using var noGrad = no_grad();
        var sourceState = source.state_dict();
        foreach (var (name, tensor) in target.state_dict())
        {
            tensor.copy_(sourceState[name]);
        }

        return target;
    }

    // On the CPU the tensor is the managed buffer itself (from_array pins it until the tensor is disposed): no copy, and
    // the rows are held once. A GPU gets one copy. Owned by the caller, not by any scope.
    internal static Tensor ToDevice(FeatureMatrix matrix, Device device) => ToDevice(matrix.Values, matrix.Rows, matrix.Dimension, device);

    private static Tensor ToDevice(float[] values, int rows, int dimension, Device device)
    {
        using var scope = NewDisposeScope();
        var data = from_array(values).view(-1, dimension).narrow(0, 0, rows);
        return (device.type == DeviceType.CPU ? data : data.to(device)).MoveToOuterDisposeScope().DetachFromDisposeScope();
    }

    internal static void SetRequiresGrad(Parameter[] parameters, bool value)
    {
        foreach (var parameter in parameters)
        {
            parameter.requires_grad = value;
        }
    }

    private void Report(IChannel channel, IProgress<GanEpochSummary>? progress, GanEpochSummary summary, int targetEpochs)
    {
        var distance = summary.WassersteinEstimate is double w ? $", Wasserstein estimate {w:G5}" : string.Empty;
        channel.Info(MessageSensitivity.None, $"Epoch {summary.Epoch}/{targetEpochs}: D loss {summary.DiscriminatorLoss:G5}, G loss {summary.GeneratorLoss:G5}{distance} ({summary.Elapsed.TotalSeconds:F2} s)");
        progress?.Report(summary);
    }

    public void Dispose()
    {
        _discriminatorLoss.Dispose();
        _generatorLoss.Dispose();
        _wasserstein.Dispose();
        _generatorOptimizer.Dispose();
        _discriminatorOptimizer.Dispose();
        _loss.Dispose();
        _average?.Dispose();
        if (!_networksHandedOver)
        {
            _generator.Dispose();
            _discriminator.Dispose();
        }

        _epochOrder?.Dispose();
        _realAndFake?.Dispose();
        _generatorInput?.Dispose();
        _generatedPairs?.Dispose();
        _mismatchedPairs?.Dispose();
        _data.Dispose();
        _conditions?.Dispose();
        _balancedWeights?.Dispose();
        _mismatchWeight?.Dispose();
        _classCount?.Dispose();
        if (!ReferenceEquals(_noiseRandom, _permutationRandom))
        {
            _noiseRandom.Dispose();
        }

        _permutationRandom.Dispose();
    }
}
