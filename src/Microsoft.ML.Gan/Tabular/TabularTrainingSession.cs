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
/// CTGAN's training loop on an encoded table: per step, <c>CriticSteps</c> WGAN-GP critic updates on packed real and
/// generated rows with their conditions, then one generator update whose loss is the critic's <c>−E[D(G(z, c))]</c>
/// plus the cross-entropy between the generator's logits for the conditioned column and the asked category.
/// </summary>
internal sealed class TabularTrainingSession : IDisposable
{
    private readonly TabularGanSettings _settings;
    private readonly TabularEncoding _encoding;
    private readonly Device _device;
    private readonly TabularGenerator _generator;
    private readonly ExponentialMovingAverage<TabularGenerator>? _average;
    private readonly TabularCritic _critic;
    private readonly Parameter[] _criticParameters;
    private readonly AdamOptimizer _generatorOptimizer;
    private readonly AdamOptimizer _criticOptimizer;
    private readonly Generator _random;
    private readonly Tensor _data;
    private readonly TabularConditionSampler _conditions;
    private readonly int[][] _categoryOfRow;
    private readonly Scalar _penaltyWeight;
    private readonly Scalar _inverseTemperature;
    private readonly Scalar _tiny;
    private readonly int _rows;
    private readonly List<GanEpochSummary> _history = [];
    private readonly LossRecorder _criticLoss = new("critic");
    private readonly LossRecorder _generatorLoss = new("generator");
    private readonly LossRecorder _wasserstein = new("critic estimate", negate: true);
    private bool _generatorHandedOver;
    private bool _inEpoch;
    private int _nextStep = 1;
    private int _nextCriticStep;
    private double _epochSecondsBefore;
    private Stopwatch? _clock;

    public TabularTrainingSession(TabularGanSettings settings, TabularEncoding encoding, float[] encoded, int[][] categoryOfRow, int rows, int seed, Device device)
    {
        _settings = settings;
        _encoding = encoding;
        _device = device;
        _rows = rows;
        _random = new Generator((ulong)seed, CPU);
        _generator = settings.CreateGenerator(encoding);
        _critic = settings.CreateCritic(encoding, _random);
        MlpLayers.InitializeLinearLayers(_generator, _random);
        MlpLayers.InitializeLinearLayers(_critic, _random);
        _generator.to(device);
        _critic.to(device);
        _average = settings.GeneratorAveraging > 0
            ? new ExponentialMovingAverage<TabularGenerator>(_generator, settings.CreateGenerator(encoding).to(device), settings.GeneratorAveraging)
            : null;
        _criticParameters = _critic.parameters().ToArray();
        _generatorOptimizer = new AdamOptimizer(_generator.parameters(), settings.GeneratorLearningRate, settings.Beta1, settings.Beta2, weightDecay: settings.WeightDecay);
        _criticOptimizer = new AdamOptimizer(_criticParameters, settings.CriticLearningRate, settings.Beta1, settings.Beta2, weightDecay: settings.WeightDecay);
        using (var scope = NewDisposeScope())
        {
            _data = tensor(encoded, [rows, encoding.Width]).to(device).MoveToOuterDisposeScope().DetachFromDisposeScope();
        }

        _categoryOfRow = categoryOfRow;
        _conditions = new TabularConditionSampler(encoding, categoryOfRow, rows, encoding.DiscreteIndexOf(settings.LabelColumn), settings.LabelConditionShare);
        _penaltyWeight = settings.GradientPenaltyWeight.ToScalar();
        _inverseTemperature = (1 / settings.GumbelTemperature).ToScalar();
        _tiny = 1e-20.ToScalar();
    }

    /// <summary>Continues training <paramref name="initial"/> (its networks and state are copied; it stays usable).</summary>
    public TabularTrainingSession(TabularGanModel initial, float[] encoded, int[][] categoryOfRow, int rows, Device device)
        : this(initial.Settings, initial.Encoding, encoded, categoryOfRow, rows, initial.TrainingSeed, device)
    {
        var state = initial.Training ?? throw new InvalidOperationException("The model holds no training state.");
        var tensors = state.Tensors;
        GanModelFormat.Load(_critic, TabularTrainingState.CriticPrefix, tensors);
        if (_average is null)
        {
            GanTrainingSession.CopyOf(_generator, initial.Generator);
        }
        else
        {
            GanModelFormat.Load(_generator, TabularTrainingState.GeneratorPrefix, tensors);
            GanModelFormat.Load(_average.Shadow, TabularTrainingState.AveragePrefix, tensors);
        }

        _generatorOptimizer.ImportState(state.GeneratorOptimizer);
        _criticOptimizer.ImportState(state.CriticOptimizer);
        _random.set_state(GanModelFormat.Take(tensors, TabularTrainingState.RandomStateName));
        _history.AddRange(initial.History);
        _nextStep = state.NextStep;
        _nextCriticStep = state.NextCriticStep;
        _inEpoch = _nextStep > 1 || _nextCriticStep > 0;
        if (_inEpoch)
        {
            var partial = state.PartialEpoch;
            _criticLoss.Restore(partial.DiscriminatorSum, partial.DiscriminatorCount);
            _generatorLoss.Restore(partial.GeneratorSum, partial.GeneratorCount);
            _wasserstein.Restore(partial.WassersteinSum, partial.WassersteinCount);
            _epochSecondsBefore = partial.ElapsedSeconds;
        }
    }

    public IReadOnlyList<GanEpochSummary> History => _history;

    public int CompletedEpochs => _history.Count;

    public void Train(int targetEpochs, IChannel channel, IProgress<GanEpochSummary>? progress, CancellationToken cancellationToken, Action? afterEpoch)
    {
        var steps = Math.Max(1, _rows / _settings.BatchSize);
        var clock = new Stopwatch();
        _generator.train();
        _critic.train();
        while (CompletedEpochs < targetEpochs)
        {
            var epoch = CompletedEpochs + 1;
            clock.Restart();
            _clock = clock;
            if (!_inEpoch)
            {
                _criticLoss.Reset();
                _generatorLoss.Reset();
                _wasserstein.Reset();
                _epochSecondsBefore = 0;
                _nextStep = 1;
                _nextCriticStep = 0;
                _inEpoch = true;
            }

            // The position is kept in fields so a state captured between any two updates resumes exactly there.
            for (; _nextStep <= steps; _nextStep++)
            {
                for (; _nextCriticStep < _settings.CriticSteps; _nextCriticStep++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    using var scope = NewDisposeScope();
                    var (total, main) = CriticStep();
                    _criticLoss.Record(total, epoch, _nextStep);
                    _wasserstein.Record(main, epoch, _nextStep);
                }

                cancellationToken.ThrowIfCancellationRequested();
                using (var scope = NewDisposeScope())
                {
                    _generatorLoss.Record(GeneratorStep(), epoch, _nextStep);
                }

                _nextCriticStep = 0;
            }

            _inEpoch = false;
            _nextStep = 1;

            _criticLoss.Flush(epoch);
            _generatorLoss.Flush(epoch);
            _wasserstein.Flush(epoch);
            var summary = new GanEpochSummary(epoch, _criticLoss.Mean, _generatorLoss.Mean, _wasserstein.Mean, _criticLoss.Count, _generatorLoss.Count,
                clock.Elapsed + TimeSpan.FromSeconds(_epochSecondsBefore));
            _history.Add(summary);
            channel.Info(MessageSensitivity.None,
                $"Epoch {epoch}/{targetEpochs}: critic loss {summary.DiscriminatorLoss:G5}, generator loss {summary.GeneratorLoss:G5}, Wasserstein estimate {summary.WassersteinEstimate:G5} ({summary.Elapsed.TotalSeconds:F2} s)");
            progress?.Report(summary);
            afterEpoch?.Invoke();
        }
    }

    private (Tensor Total, Tensor Main) CriticStep()
    {
        var batch = _settings.BatchSize;
        var (condition, _, rows) = _conditions.Sample(batch, _random);
        Tensor fake;
        using (no_grad())
        {
            fake = Activate(_generator.forward(GeneratorInput(batch, condition)));
        }

        var real = _data.index_select(0, rows.to(_device));
        var realRows = Join(real, condition);
        var fakeRows = Join(fake, condition);
        var main = _critic.forward(fakeRows).mean().sub(_critic.forward(realRows).mean());
        var interpolates = WassersteinGradientPenaltyLoss.SampleInterpolates(realRows, fakeRows, _random);
        var total = LossScalars.Plus(main, WassersteinGradientPenaltyLoss.GradientPenalty(_critic, interpolates, _penaltyWeight));
        _criticOptimizer.ZeroGrad();
        total.backward();
        _criticOptimizer.Step();
        return (total, main);
    }

    private Tensor GeneratorStep()
    {
        GanTrainingSession.SetRequiresGrad(_criticParameters, false);
        try
        {
            var batch = _settings.BatchSize;
            var (condition, mask, _) = _conditions.Sample(batch, _random);
            var raw = _generator.forward(GeneratorInput(batch, condition));
            var fake = Join(Activate(raw), condition);
            var loss = _critic.forward(fake).mean().neg();
            if (condition is not null)
            {
                loss = LossScalars.Plus(loss, ConditionLoss(raw, condition, mask!));
            }

            _generatorOptimizer.ZeroGrad();
            loss.backward();
            _generatorOptimizer.Step();
            // Warm-up (as TensorFlow's ExponentialMovingAverage with num_updates): the decay grows to its setting over the
            // first steps, so a short run's average is not held at the initial weights. The count is the optimizer's,
            // which a resumed run restores.
            var step = _generatorOptimizer.StepCount;
            _average?.Update(Math.Min(_settings.GeneratorAveraging, (1.0 + step) / (10.0 + step)));
            return loss;
        }
        finally
        {
            GanTrainingSession.SetRequiresGrad(_criticParameters, true);
        }
    }

    private Tensor GeneratorInput(int batch, Tensor? condition) => GeneratorInput(batch, condition, _random);

    private Tensor GeneratorInput(int batch, Tensor? condition, Generator random)
    {
        var latent = randn(batch, _settings.LatentDimension, generator: random).to(_device);
        return Join(latent, condition);
    }

    /// <summary>
    /// Re-estimates the BatchNorm running statistics of an averaged generator on training-like batches: the statistics
    /// the average carries are the last weights', which do not match the averaged weights. A stream of its own (from the
    /// seed and the epoch), so a checkpoint does not change training.
    /// </summary>
    private void RecalibrateBatchNorm(TabularGenerator generator, int seed)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var random = new Generator(unchecked((ulong)seed * 31 + (ulong)CompletedEpochs), CPU);
        generator.train();
        // Momentum 0.1: after 60 batches the statistics before them weigh 0.9⁶⁰ ≈ 0.002.
        for (var i = 0; i < 60; i++)
        {
            var (condition, _, _) = _conditions.Sample(_settings.BatchSize, random);
            generator.forward(GeneratorInput(_settings.BatchSize, condition, random));
        }
    }

    // [rows | condition] written into one tensor: torch.cat would leave its handle array to the finalizer every call.
    private Tensor Join(Tensor rows, Tensor? condition)
    {
        if (condition is null)
        {
            return rows;
        }

        var joined = empty(rows.size(0), rows.size(1) + condition.size(1), dtype: rows.dtype, device: _device);
        TensorMemory.WriteColumns(joined, rows, condition.to(_device));
        return joined;
    }

    /// <summary>tanh on the scalars, Gumbel-softmax (temperature τ) on every one-hot span.</summary>
    private Tensor Activate(Tensor raw)
    {
        // Each span written into its columns of one tensor (no torch.cat: one object left to the finalizer per call).
        var activated = empty_like(raw);
        foreach (var (start, width, isTanh) in _encoding.Spans)
        {
            var span = raw.narrow(1, start, width);
            if (isTanh)
            {
                activated.narrow(1, start, width).copy_(span.tanh());
                continue;
            }

            // g = −log(−log(u)), softmax((logits + g) / τ)
            var uniform = rand(raw.size(0), width, dtype: span.dtype, generator: _random).to(_device);
            // Every add with its alpha: without one TorchSharp makes a Scalar 1 that only the finalizer frees.
            var gumbel = uniform.add_(_tiny, LossScalars.One).log_().neg_().add_(_tiny, LossScalars.One).log_().neg_();
            activated.narrow(1, start, width).copy_(LossScalars.Plus(span, gumbel).mul_(_inverseTemperature).softmax(1));
        }

        return activated;
    }

    /// <summary>Cross-entropy between the generator's logits of each row's conditioned column and the asked category, averaged over the batch.</summary>
    private Tensor ConditionLoss(Tensor raw, Tensor condition, Tensor mask)
    {
        // Σ_d mask_d · CE_d summed in place of stacking the columns' losses (torch.stack leaves an object to the finalizer).
        var rowMask = mask.to(_device);
        Tensor? total = null;
        for (var d = 0; d < _encoding.Discrete.Length; d++)
        {
            var column = _encoding.Discrete[d];
            var width = _encoding.Columns[column].Width;
            var target = condition.narrow(1, _encoding.ConditionOffsets[d], width).argmax(1).to(_device);
            var losses = nn.functional.cross_entropy(raw.narrow(1, _encoding.Starts[column], width), target, reduction: nn.Reduction.None);
            var masked = losses.mul(rowMask.select(1, d));
            total = total is null ? masked : total.add_(masked, LossScalars.One);
        }

        return total!.mean();
    }

    /// <summary>
    /// The model as trained so far, generating with the averaged weights when averaging is on; with
    /// <paramref name="handOver"/> the session gives its generator away.
    /// </summary>
    public TabularGanModel ToModel(int seed, bool handOver)
    {
        TabularGenerator generator;
        if (_average is not null)
        {
            generator = GanTrainingSession.CopyOf(_settings.CreateGenerator(_encoding).to(_device), _average.Shadow);
            RecalibrateBatchNorm(generator, seed);
        }
        else
        {
            generator = handOver ? _generator : GanTrainingSession.CopyOf(_settings.CreateGenerator(_encoding), _generator);
            _generatorHandedOver |= handOver;
        }

        generator.to(_device);

        generator.eval();
        var model = new TabularGanModel
        {
            Settings = _settings,
            Encoding = _encoding,
            Generator = generator,
            TrainingSeed = seed,
            GenerationSeed = seed,
            TrainingRows = _rows,
            History = _history.ToArray(),
            Training = CaptureState(),
            Device = _device,
        };
        return model.WithEncoding(MarginalCalibration.Measure(model, seed, _categoryOfRow));
    }

    /// <summary>Copies the state needed to continue exactly from this point (between two updates).</summary>
    private TabularTrainingState CaptureState()
    {
        var epoch = CompletedEpochs + 1;
        _criticLoss.Flush(epoch);
        _generatorLoss.Flush(epoch);
        _wasserstein.Flush(epoch);
        using var noGrad = no_grad();
        var tensors = new Dictionary<string, Tensor>();
        void Add(string prefix, nn.Module module)
        {
            foreach (var (name, tensor) in GanModelFormat.Named(prefix, module))
            {
                tensors[name] = tensor.detach().clone().DetachFromDisposeScope();
            }
        }

        Add(TabularTrainingState.CriticPrefix, _critic);
        // Without averaging the model's generator is the trained one: every weight is stored once.
        if (_average is not null)
        {
            Add(TabularTrainingState.GeneratorPrefix, _generator);
            Add(TabularTrainingState.AveragePrefix, _average.Shadow);
        }

        tensors[TabularTrainingState.RandomStateName] = _random.get_state().DetachFromDisposeScope();
        return new TabularTrainingState
        {
            Tensors = tensors,
            NextStep = _inEpoch ? _nextStep : 1,
            NextCriticStep = _inEpoch ? _nextCriticStep : 0,
            PartialEpoch = _inEpoch
                ? new EpochTotals(_criticLoss.Sum, _criticLoss.Count, _generatorLoss.Sum, _generatorLoss.Count, _wasserstein.Sum, _wasserstein.Count,
                    _epochSecondsBefore + (_clock?.Elapsed.TotalSeconds ?? 0))
                : default,
            GeneratorOptimizer = _generatorOptimizer.ExportState(),
            CriticOptimizer = _criticOptimizer.ExportState(),
        };
    }

    public void Dispose()
    {
        _criticLoss.Dispose();
        _generatorLoss.Dispose();
        _wasserstein.Dispose();
        _generatorOptimizer.Dispose();
        _criticOptimizer.Dispose();
        _average?.Dispose();
        if (!_generatorHandedOver)
        {
            _generator.Dispose();
        }

        _critic.Dispose();
        _data.Dispose();
        _conditions.Dispose();
        _penaltyWeight.Dispose();
        _inverseTemperature.Dispose();
        _tiny.Dispose();
        _random.Dispose();
    }
}
