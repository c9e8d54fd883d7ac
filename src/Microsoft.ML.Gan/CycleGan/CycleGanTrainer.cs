using System;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Gan;

/// <summary>
/// Trains a CycleGAN (Zhu et al., 2017): two generators that translate images between two domains without paired
/// examples, G: A → B and F: B → A, each judged by its own PatchGAN discriminator, and tied together by the
/// cycle-consistency loss that makes <c>F(G(a)) ≈ a</c> and <c>G(F(b)) ≈ b</c>. Create it with
/// <c>mlContext.Gan().CycleGan(...)</c>.
/// </summary>
/// <remarks>
/// <para>Give the two domains as two data views with the same image column (<see cref="Fit(IDataView, IDataView)"/>),
/// or as one data view whose Boolean <see cref="Options.DomainColumnName"/> is false for A and true for B
/// (<see cref="Fit(IDataView)"/>, the route pipelines take). Images are flat channel-major rows (ML.NET's
/// <c>ExtractPixels</c> layout), square with a side of 28, 32 or 64 and 1 or 3 channels, the same in both domains.
/// Each domain's pixels are scaled to [−1, 1] from its own training range and back after translation.</para>
/// <list type="table">
/// <listheader><term>Column</term><description>Type and role</description></listheader>
/// <item><term><see cref="Options.FeatureColumnName"/> (input)</term><description>Known-size vector of Single: one image per row.</description></item>
/// <item><term><see cref="Options.DomainColumnName"/> (input, one-view training only)</term><description>Boolean: true for domain B.</description></item>
/// <item><term><see cref="Options.TranslatedToBColumnName"/> (output)</term><description>Vector of Single, same shape: the A→B translation.</description></item>
/// <item><term><see cref="Options.TranslatedToAColumnName"/> (optional output)</term><description>Vector of Single, same shape: the B→A translation.</description></item>
/// </list>
/// </remarks>
public sealed partial class CycleGanTrainer : IEstimator<CycleGanTransformer>
{
    private const string NumericDomainColumn = "__CycleGanDomain";

    private readonly MLContext _context;
    private readonly Options _options;

    internal CycleGanTrainer(MLContext context, Options options)
    {
        Validate(options);
        _context = context;
        _options = options;
    }

    /// <summary>Trains on one data view holding both domains, told apart by <see cref="Options.DomainColumnName"/>.</summary>
    /// <param name="input">Rows of both domains with the image column and the Boolean domain column.</param>
    /// <returns>The fitted translator.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or has the wrong type.</exception>
    public CycleGanTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var domain = input.Schema.GetColumnOrNull(_options.DomainColumnName);
        if (domain is null)
        {
            throw new ArgumentOutOfRangeException(nameof(input),
                $"Could not find domain column '{_options.DomainColumnName}': training CycleGAN on one data view needs a Boolean column that is false for domain A and true for domain B (or call Fit(domainA, domainB)).");
        }

        if (domain.Value.Type != BooleanDataViewType.Instance)
        {
            throw new ArgumentOutOfRangeException(nameof(input),
                $"Schema mismatch for domain column '{_options.DomainColumnName}': expected Boolean (false for domain A, true for domain B), got {domain.Value.Type}.");
        }

        // Split with ML.NET's own filter, which reads numbers: the Boolean becomes 0 (A) or 1 (B) first.
        var numeric = _context.Transforms.Conversion.ConvertType(NumericDomainColumn, _options.DomainColumnName, DataKind.Single)
            .Fit(input).Transform(input);
        var domainA = _context.Data.FilterRowsByColumn(numeric, NumericDomainColumn, upperBound: 0.5);
        var domainB = _context.Data.FilterRowsByColumn(numeric, NumericDomainColumn, lowerBound: 0.5);
        return Fit(domainA, domainB);
    }

    /// <summary>Trains on two unpaired sets of images.</summary>
    /// <param name="domainA">Images of domain A in the image column.</param>
    /// <param name="domainB">Images of domain B in a column of the same name, size and channels.</param>
    /// <returns>The fitted translator.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing, is not a vector of Single, or holds no supported image shape.</exception>
    /// <exception cref="ArgumentException">The two domains hold images of different sizes or channel counts.</exception>
    /// <exception cref="InvalidOperationException">A domain is empty, has fewer images than a batch, or holds NaN or infinities.</exception>
    /// <exception cref="GanTrainingDivergedException">A loss became NaN or infinite.</exception>
    public CycleGanTransformer Fit(IDataView domainA, IDataView domainB)
    {
        ArgumentNullException.ThrowIfNull(domainA);
        ArgumentNullException.ThrowIfNull(domainB);
        Validate(_options);
        var columnA = SchemaChecks.FeatureColumn(domainA.Schema, _options.FeatureColumnName, nameof(domainA));
        var columnB = SchemaChecks.FeatureColumn(domainB.Schema, _options.FeatureColumnName, nameof(domainB));
        var imageA = ImageGeometry.Resolve(_options.ImageSize, _options.ImageChannels, columnA, nameof(domainA), "CycleGAN");
        var imageB = ImageGeometry.Resolve(_options.ImageSize, _options.ImageChannels, columnB, nameof(domainB), "CycleGAN");
        if (imageA != imageB)
        {
            throw new ArgumentException(
                $"CycleGAN translates between images of one shape, but domain A holds {Describe(imageA)} images and domain B holds {Describe(imageB)} " +
                $"in column '{_options.FeatureColumnName}'. Resize one domain (ResizeImages) or convert its colours (ConvertToGrayscale) first.",
                nameof(domainB));
        }

        var (size, channels) = imageA;
        if (size % (1 << _options.GeneratorDownsamplings) != 0)
        {
            throw new ArgumentOutOfRangeException("options.GeneratorDownsamplings", _options.GeneratorDownsamplings,
                $"CycleGanTrainer.Options.GeneratorDownsamplings halves the image side each time; {size} pixels do not divide by {1 << _options.GeneratorDownsamplings}.");
        }

        var host = ((IHostEnvironment)_context).Register(nameof(CycleGanTrainer));
        var seed = _options.Seed ?? host.Rand.Next();
        using var channel = host.Start("Training");
        var matrixA = ReadDomain(domainA, columnA, "A");
        var matrixB = ReadDomain(domainB, columnB, "B");
        var scalingA = FeatureScaling.FromRange(matrixA.Minimum, matrixA.Maximum, shared: true);
        var scalingB = FeatureScaling.FromRange(matrixB.Minimum, matrixB.Maximum, shared: true);
        scalingA.ScaleInPlace(matrixA.Span);
        scalingB.ScaleInPlace(matrixB.Span);

        var settings = new CycleGanSettings
        {
            FeatureColumnName = _options.FeatureColumnName,
            TranslatedToBColumnName = _options.TranslatedToBColumnName,
            TranslatedToAColumnName = _options.TranslatedToAColumnName,
            ImageSize = size,
            ImageChannels = channels,
            GeneratorWidth = _options.GeneratorWidth,
            GeneratorDownsamplings = _options.GeneratorDownsamplings,
            ResidualBlocks = _options.ResidualBlocks,
            DiscriminatorWidth = _options.DiscriminatorWidth,
            Loss = _options.Loss,
        };
        var device = TorchDevices.Select(_context, channel);
        channel.Info(MessageSensitivity.None,
            $"Training a CycleGAN ({_options.Loss}, λ = {_options.CycleWeight}) on {matrixA.Rows} A and {matrixB.Rows} B images of {Describe(imageA)} for {_options.Epochs} epochs (seed {seed}, device {device}).");
        using var session = new CycleGanTrainingSession(settings, _options, matrixA, matrixB, seed, device);
        session.Train(channel, _options.CancellationToken);
        return new CycleGanTransformer(session.ToModel(scalingA, scalingB, seed));
    }

    /// <summary>The input columns plus the translation columns; checks the image column first.</summary>
    /// <param name="inputSchema">The shape of the data the trainer will see.</param>
    /// <returns>The shape of the fitted transformer's output.</returns>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        SchemaChecks.FeatureColumn(inputSchema, _options.FeatureColumnName, nameof(inputSchema));
        var outputs = new[] { _options.TranslatedToBColumnName, _options.TranslatedToAColumnName }
            .OfType<string>()
            .Select(name => MLNetInternals.CreateSchemaShapeColumn(name, SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single))
            .ToArray();
        return new SchemaShape(inputSchema.Where(column => outputs.All(o => o.Name != column.Name)).Concat(outputs));
    }

    private FeatureMatrix ReadDomain(IDataView data, DataViewSchema.Column column, string domain)
    {
        var matrix = FeatureMatrix.Read(data, column, _options.CancellationToken);
        if (matrix.Rows < _options.BatchSize)
        {
            throw new InvalidOperationException(
                $"BatchSize ({_options.BatchSize}) is larger than the number of domain {domain} images ({matrix.Rows}). Lower BatchSize or add images.");
        }

        return matrix;
    }

    private static string Describe((int Size, int Channels) image) => $"{image.Channels}×{image.Size}×{image.Size}";

    private static void Validate(Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var (name, value) in new[]
        {
            (nameof(Options.FeatureColumnName), options.FeatureColumnName),
            (nameof(Options.TranslatedToBColumnName), options.TranslatedToBColumnName),
            (nameof(Options.DomainColumnName), options.DomainColumnName),
        })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                throw Invalid(name, value, "must name a column.");
            }
        }

        if (options.TranslatedToAColumnName is { } toA && (string.IsNullOrWhiteSpace(toA) || toA == options.TranslatedToBColumnName))
        {
            throw Invalid(nameof(Options.TranslatedToAColumnName), toA, "must name a column other than TranslatedToBColumnName, or be null.");
        }

        foreach (var (name, value) in new[]
        {
            (nameof(Options.Epochs), options.Epochs),
            (nameof(Options.BatchSize), options.BatchSize),
            (nameof(Options.GeneratorWidth), options.GeneratorWidth),
            (nameof(Options.DiscriminatorWidth), options.DiscriminatorWidth),
        })
        {
            if (value < 1)
            {
                throw Invalid(name, value, "must be at least 1.");
            }
        }

        foreach (var (name, value) in new[]
        {
            (nameof(Options.PoolSize), options.PoolSize),
            (nameof(Options.GeneratorDownsamplings), options.GeneratorDownsamplings),
            (nameof(Options.ResidualBlocks), options.ResidualBlocks),
        })
        {
            if (value < 0)
            {
                throw Invalid(name, value, "must be 0 or more.");
            }
        }

        foreach (var (name, value) in new[]
        {
            (nameof(Options.CycleWeight), options.CycleWeight),
            (nameof(Options.IdentityWeight), options.IdentityWeight),
            (nameof(Options.GradientPenaltyWeight), options.GradientPenaltyWeight),
        })
        {
            if (!(value >= 0 && double.IsFinite(value)))
            {
                throw Invalid(name, value, "must be finite and at least 0.");
            }
        }

        if (!(options.LearningRate > 0 && double.IsFinite(options.LearningRate)) || !(options.ClipValue > 0 && double.IsFinite(options.ClipValue)))
        {
            throw Invalid(nameof(Options.LearningRate), options.LearningRate, "and ClipValue must be finite numbers greater than 0.");
        }

        if (!(options.Beta1 >= 0 && options.Beta1 < 1) || !(options.Beta2 >= 0 && options.Beta2 < 1))
        {
            throw Invalid(nameof(Options.Beta1), options.Beta1, "and Beta2 must be in [0, 1).");
        }

        if (!Enum.IsDefined(options.Loss))
        {
            throw Invalid(nameof(Options.Loss), options.Loss, "is not a GanLoss value.");
        }
    }

    private static ArgumentOutOfRangeException Invalid(string option, object? value, string rule) =>
        new($"options.{option}", value, $"CycleGanTrainer.Options.{option} {rule}");
}
