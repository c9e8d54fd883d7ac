using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Gan;

/// <summary>
/// Trains a CTGAN (Xu et al., 2019) on a table with any mix of numeric, Boolean, text and key columns and returns a
/// <see cref="TabularGanTransformer"/> that generates rows with the same columns. Create it with
/// <c>mlContext.Gan().Tabular(...)</c>.
/// </summary>
/// <remarks>
/// <para>Numeric columns (Single, Double, Int32, Int64) with more than <see cref="Options.DiscreteValueLimit"/> distinct
/// values get mode-specific normalisation: a Gaussian mixture per column with Dirichlet-weight pruning, each value
/// encoded as its mode (one-hot) and its position within the mode; those with fewer are categorical over their values.
/// NaN in a Single or Double column is a missing value: such a column gains a missing indicator, and generated rows are
/// missing at the learnt rate. Integers are rounded; every continuous value is clipped to the training range.
/// Categorical columns (Boolean, text, key of UInt32) are one-hot; the generator's one-hot outputs pass through a
/// Gumbel-softmax in training and are sampled at generation. Training uses CTGAN's conditional vector and
/// training-by-sampling, a PacGAN-packed WGAN-GP critic and a residual generator, with CTGAN's defaults (see
/// <see cref="Options"/>). Name the column a classifier will predict in <see cref="Options.LabelColumnName"/> and
/// generated rows come stratified by it, each generated for its label, which keeps the label's relation to the other
/// columns better than CTGAN's unconditional rows (docs/TABULAR.md).</para>
/// <para>Behaviour at the edges: a column with one value (or one category) is learnt and generated as that constant; a
/// category seen once is a category like any other (training-by-sampling shows it to the generator often, which helps
/// rare classes and can reproduce that one row's other values: mind privacy); a table with more columns than rows
/// trains, with a warning in the log. Errors: an unsupported column type, a column whose every value is missing,
/// infinities, a missing column, fewer rows than <see cref="Options.PackSize"/>, and invalid options each throw before
/// any training, naming the column or option.</para>
/// </remarks>
public sealed partial class TabularGanTrainer : IEstimator<TabularGanTransformer>
{
    private readonly MLContext _context;
    private readonly Options _options;

    internal TabularGanTrainer(MLContext context, Options options)
    {
        Validate(options);
        _context = context;
        _options = options;
    }

    /// <summary>Trains the networks on <paramref name="input"/>.</summary>
    /// <param name="input">The table; the modelled columns are <see cref="Options.ColumnNames"/>, or every visible column.</param>
    /// <returns>The trained generator as a transformer.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or of an unsupported type.</exception>
    /// <exception cref="InvalidOperationException">Too few rows, a column with no values, or infinities.</exception>
    /// <exception cref="GanTrainingDivergedException">A loss became NaN or infinite.</exception>
    /// <exception cref="TabularGanTrainingCanceledException">The options' cancellation token was signalled.</exception>
    public TabularGanTransformer Fit(IDataView input) => Fit(input, initialModel: null);

    /// <summary>
    /// Continues training <paramref name="initialModel"/> (a fitted or loaded model, or a checkpoint) on
    /// <paramref name="input"/> until it has trained <see cref="Options.Epochs"/> epochs in total: the critic, both
    /// optimisers' state, the random-generator state and the history carry over, so continuing a checkpoint reproduces
    /// the uninterrupted run on the CPU (to train a 200-epoch model for 50 more epochs set Epochs to 250). The column
    /// encodings and training settings are the model's; the options give the epochs, checkpoints and cancellation.
    /// <paramref name="initialModel"/> itself is left unchanged.
    /// </summary>
    /// <param name="input">The table, with the model's columns of the same types.</param>
    /// <param name="initialModel">The model to continue; <see langword="null"/> trains from scratch.</param>
    /// <returns>The trained generator as a transformer.</returns>
    /// <exception cref="ArgumentException">The model holds no training state (saved by an earlier version, or generator only),
    /// has already trained <see cref="Options.Epochs"/> epochs, or the input's columns do not match the model's.</exception>
    /// <exception cref="InvalidOperationException">Too few rows, a column with no values, or infinities.</exception>
    /// <exception cref="GanTrainingDivergedException">A loss became NaN or infinite.</exception>
    /// <exception cref="TabularGanTrainingCanceledException">The options' cancellation token was signalled.</exception>
    public TabularGanTransformer Fit(IDataView input, TabularGanTransformer? initialModel)
    {
        ArgumentNullException.ThrowIfNull(input);
        Validate(_options);
        var initial = initialModel?.Model;
        var specs = initial is null ? Columns(input.Schema) : ContinuationColumns(initial, input.Schema);
        var host = ((IHostEnvironment)_context).Register(nameof(TabularGanTrainer));
        var seed = initial?.TrainingSeed ?? _options.Seed ?? host.Rand.Next();
        using var channel = host.Start("Training");

        if (initial is null && _options.LabelColumnName is { } label && specs.All(c => c.Name != label))
        {
            throw LabelNotModelled(label, specs.Select(c => c.Name));
        }

        var table = TabularTable.Read(input, specs, _options.CancellationToken);
        if (table.Rows < _options.PackSize)
        {
            throw new InvalidOperationException(
                $"The table has {table.Rows} rows; a tabular GAN needs at least PackSize ({_options.PackSize}) rows to form one pack for the critic.");
        }

        if (specs.Length > table.Rows)
        {
            channel.Warning(MessageSensitivity.None,
                $"The table has more columns ({specs.Length}) than rows ({table.Rows}): expect the generator to memorise rather than generalise.");
        }

        // Continuing keeps the model's encoding: refitting it would change what every encoded slot means.
        var encoding = initial?.Encoding ?? TabularEncoding.Fit(table, _options, seed);
        var (encoded, categoryOfRow) = encoding.Encode(table, seed);
        var settings = initial?.Settings ?? TabularGanSettings.From(_options, table.Rows);
        // A label column must be categorical: checked before any training.
        if (encoding.DiscreteIndexOf(settings.LabelColumn) is int labelIndex && initial is null && settings.MarginalCalibration)
        {
            encoding = MarginalCalibration.WithClassTrainingQuantiles(encoding, table, categoryOfRow, labelIndex);
        }

        var device = TorchDevices.Select(_context, channel);
        var continuous = encoding.Columns.Where(c => c.IsContinuous).ToArray();
        channel.Info(MessageSensitivity.None,
            $"Training a tabular GAN on {table.Rows} rows of {specs.Length} columns ({continuous.Length} continuous with {continuous.Sum(c => c.Modes)} modes, " +
            $"{encoding.Discrete.Length} categorical with {encoding.ConditionWidth} categories; {encoding.Width} encoded slots) for {_options.Epochs} epochs " +
            $"(batch {settings.BatchSize}, seed {seed}, device {device}){(initial is null ? "" : $", continuing from epoch {initial.History.Count}")}.");

        using var session = initial is null
            ? new TabularTrainingSession(settings, encoding, encoded, categoryOfRow, table.Rows, seed, device)
            : new TabularTrainingSession(initial, encoded, categoryOfRow, table.Rows, device);
        try
        {
            session.Train(_options.Epochs, channel, _options.Progress, _options.CancellationToken, afterEpoch: () =>
            {
                if (_options.CheckpointInterval > 0 && session.CompletedEpochs % _options.CheckpointInterval == 0)
                {
                    WriteCheckpoint(session, seed, input.Schema, channel);
                }
            });
        }
        catch (OperationCanceledException) when (_options.CancellationToken.IsCancellationRequested)
        {
            WriteCheckpoint(session, seed, input.Schema, channel);
            throw new TabularGanTrainingCanceledException(new TabularGanTransformer(session.ToModel(seed, handOver: true)),
                session.CompletedEpochs, _options.CancellationToken);
        }

        return new TabularGanTransformer(session.ToModel(seed, handOver: true));
    }

    /// <summary>The input columns plus the modelled columns (which the transformer appends); checks their types.</summary>
    /// <param name="inputSchema">The shape of the data the trainer will see.</param>
    /// <returns>The shape of the fitted transformer's output.</returns>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var names = _options.ColumnNames ?? inputSchema.Select(c => c.Name).Distinct().ToArray();
        var outputs = new List<SchemaShape.Column>();
        foreach (var name in names)
        {
            var column = SchemaChecks.FindLast(inputSchema, name)
                ?? throw SchemaChecks.NotFound("tabular", name, inputSchema.Select(c => c.Name), nameof(inputSchema));
            var supported = column.Kind == SchemaShape.Column.VectorKind.Scalar && (column.IsKey
                ? column.ItemType is KeyDataViewType { RawType: var raw } && raw == typeof(uint)
                : column.ItemType == NumberDataViewType.Single || column.ItemType == NumberDataViewType.Double ||
                  column.ItemType == NumberDataViewType.Int32 || column.ItemType == NumberDataViewType.Int64 ||
                  column.ItemType is BooleanDataViewType or TextDataViewType);
            if (!supported)
            {
                throw SchemaChecks.Mismatch("tabular", name, TabularColumnSpec.Supported, SchemaChecks.Describe(column), nameof(inputSchema));
            }

            outputs.Add(column);
        }

        if (_options.LabelColumnName is { } label && !names.Contains(label))
        {
            throw LabelNotModelled(label, names);
        }

        return new SchemaShape(inputSchema.Where(c => outputs.All(o => o.Name != c.Name)).Concat(outputs));
    }

    /// <summary>The model's columns, after checking that it can continue and that the input has those columns with the same types.</summary>
    private TabularColumnSpec[] ContinuationColumns(TabularGanModel model, DataViewSchema schema)
    {
        if (model.Training is null)
        {
            throw new ArgumentException(
                "The initial model holds no training state (no critic, optimiser or random-generator state): it was saved by an earlier " +
                "version of GanML, which kept the generator only. It can generate but not continue training; train a new model instead.", "initialModel");
        }

        GanTrainer.RequireMoreEpochs(model.History.Count, _options.Epochs);

        var expected = model.Encoding.Columns.Select(c => c.Spec).ToArray();
        var names = _options.ColumnNames ?? schema.Where(c => !c.IsHidden).Select(c => c.Name).ToArray();
        var problems = new List<string>();
        if (!names.Order(StringComparer.Ordinal).SequenceEqual(expected.Select(c => c.Name).Order(StringComparer.Ordinal)))
        {
            problems.Add($"the model has columns [{string.Join(", ", expected.Select(c => c.Name))}], the input [{string.Join(", ", names)}]");
        }

        foreach (var spec in expected)
        {
            if (schema.GetColumnOrNull(spec.Name) is not { } column)
            {
                continue;
            }

            var actual = TabularColumnSpec.From(column, "input");
            if (actual.Kind != spec.Kind || actual.KeyCount != spec.KeyCount)
            {
                problems.Add($"column '{spec.Name}' is {SchemaChecks.Describe(column.Type)} in the input but {SchemaChecks.Describe(spec.DataType())} in the model");
            }
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException(
                $"The input's columns do not match the initial model's: {string.Join("; ", problems)}. Continue training on a table with the model's columns.", "input");
        }

        return expected;
    }

    private TabularColumnSpec[] Columns(DataViewSchema schema)
    {
        var names = _options.ColumnNames ?? schema.Where(c => !c.IsHidden).Select(c => c.Name).ToArray();
        if (names.Length == 0)
        {
            throw new ArgumentOutOfRangeException("input", "The input has no columns to model.");
        }

        var duplicate = names.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentOutOfRangeException("options.ColumnNames", $"TabularGanTrainer.Options.ColumnNames lists '{duplicate.Key}' more than once.");
        }

        return names.Select(name =>
        {
            var column = schema.GetColumnOrNull(name)
                ?? throw SchemaChecks.NotFound("tabular", name, schema.Where(c => !c.IsHidden).Select(c => c.Name), "input");
            return TabularColumnSpec.From(column, "input");
        }).ToArray();
    }

    // Written to a temporary file and moved over the previous checkpoint, so a crash mid-write never leaves a broken one.
    private void WriteCheckpoint(TabularTrainingSession session, int seed, DataViewSchema schema, IChannel channel)
    {
        if (_options.CheckpointPath is not { } path)
        {
            return;
        }

        var temporary = path + ".partial";
        using (var checkpoint = new TabularGanTransformer(session.ToModel(seed, handOver: false)))
        {
            _context.Model.Save(checkpoint, schema, temporary);
        }

        File.Move(temporary, path, overwrite: true);
        channel.Info(MessageSensitivity.None, $"Checkpoint after {session.CompletedEpochs} complete epoch(s) written to {path}.");
    }

    private static void Validate(Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ColumnNames is { } names && (names.Length == 0 || names.Any(string.IsNullOrWhiteSpace)))
        {
            throw Invalid(nameof(Options.ColumnNames), "[" + string.Join(", ", names) + "]", "must name at least one column, each non-empty, or be null for every column.");
        }

        RequirePositive(options.Epochs, nameof(Options.Epochs));
        RequirePositive(options.BatchSize, nameof(Options.BatchSize));
        RequirePositive(options.PackSize, nameof(Options.PackSize));
        RequirePositive(options.LatentDimension, nameof(Options.LatentDimension));
        RequirePositive(options.CriticSteps, nameof(Options.CriticSteps));
        RequirePositive(options.MaxModes, nameof(Options.MaxModes));
        if (options.BatchSize % options.PackSize != 0)
        {
            throw Invalid(nameof(Options.BatchSize), options.BatchSize, $"must be a multiple of PackSize ({options.PackSize}).");
        }

        if (options.GeneratorHiddenLayers is null || options.GeneratorHiddenLayers.Any(w => w <= 0))
        {
            throw Invalid(nameof(Options.GeneratorHiddenLayers), options.GeneratorHiddenLayers, "must list positive widths.");
        }

        if (options.CriticHiddenLayers is null || options.CriticHiddenLayers.Any(w => w <= 0))
        {
            throw Invalid(nameof(Options.CriticHiddenLayers), options.CriticHiddenLayers, "must list positive widths.");
        }

        foreach (var (value, name) in new[]
        {
            (options.GeneratorLearningRate, nameof(Options.GeneratorLearningRate)),
            (options.CriticLearningRate, nameof(Options.CriticLearningRate)),
            (options.GumbelTemperature, nameof(Options.GumbelTemperature)),
            (options.ModeWeightConcentration, nameof(Options.ModeWeightConcentration)),
        })
        {
            if (!(value > 0 && double.IsFinite(value)))
            {
                throw Invalid(name, value, "must be a finite number greater than 0.");
            }
        }

        foreach (var (value, name) in new[]
        {
            (options.Beta1, nameof(Options.Beta1)),
            (options.Beta2, nameof(Options.Beta2)),
            (options.LeakyReluSlope, nameof(Options.LeakyReluSlope)),
            (options.CriticDropout, nameof(Options.CriticDropout)),
            (options.ModeWeightThreshold, nameof(Options.ModeWeightThreshold)),
            (options.GeneratorAveraging, nameof(Options.GeneratorAveraging)),
        })
        {
            if (!(value >= 0 && value < 1))
            {
                throw Invalid(name, value, "must be in [0, 1).");
            }
        }

        foreach (var (value, name) in new[] { (options.WeightDecay, nameof(Options.WeightDecay)), (options.GradientPenaltyWeight, nameof(Options.GradientPenaltyWeight)) })
        {
            if (!(value >= 0 && double.IsFinite(value)))
            {
                throw Invalid(name, value, "must be finite and at least 0.");
            }
        }

        if (options.LabelColumnName is { } labelName && string.IsNullOrWhiteSpace(labelName))
        {
            throw Invalid(nameof(Options.LabelColumnName), labelName, "must name a column, or be null for no label column.");
        }

        if (!(options.LabelConditionShare >= 0 && options.LabelConditionShare <= 1))
        {
            throw Invalid(nameof(Options.LabelConditionShare), options.LabelConditionShare, "must be in [0, 1].");
        }

        if (options.DiscreteValueLimit < 0)
        {
            throw Invalid(nameof(Options.DiscreteValueLimit), options.DiscreteValueLimit, "must be 0 (every numeric column continuous) or more.");
        }

        if (options.CheckpointInterval < 0)
        {
            throw Invalid(nameof(Options.CheckpointInterval), options.CheckpointInterval, "must be 0 (only at cancellation) or more.");
        }

        if (options.CheckpointPath is { } checkpoint && string.IsNullOrWhiteSpace(checkpoint))
        {
            throw Invalid(nameof(Options.CheckpointPath), checkpoint, "must be a file path, or null for no checkpoints.");
        }
    }

    internal static ArgumentOutOfRangeException LabelNotModelled(string label, IEnumerable<string> modelled) =>
        new("options.LabelColumnName", label,
            $"TabularGanTrainer.Options.LabelColumnName '{label}' is not a modelled column. The modelled columns: {string.Join(", ", modelled.Select(n => $"'{n}'"))}.");

    private static void RequirePositive(int value, string option)
    {
        if (value <= 0)
        {
            throw Invalid(option, value, "must be at least 1.");
        }
    }

    private static ArgumentOutOfRangeException Invalid(string option, object? value, string rule) =>
        new($"options.{option}", value, $"TabularGanTrainer.Options.{option} {rule}");
}
