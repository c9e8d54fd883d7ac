using System;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Gan;

/// <summary>
/// GAN augmentation itself: count the classes, train (or reuse) a label-conditional GAN, generate each class's synthetic
/// rows (held in memory, so the GAN can be released at once), and append them to the real rows.
/// </summary>
internal static class GanAugmentation
{
    public static void Validate(GanAugmentationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.LabelColumnName) || string.IsNullOrWhiteSpace(options.FeatureColumnName))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "GanAugmentationOptions.LabelColumnName and FeatureColumnName must name columns.");
        }

        if (!Enum.IsDefined(options.Policy))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Policy, "GanAugmentationOptions.Policy is not an AugmentationPolicy value.");
        }

        if (!(options.Ratio >= 0 && double.IsFinite(options.Ratio)))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Ratio, "GanAugmentationOptions.Ratio must be finite and at least 0.");
        }
    }

    /// <summary>The augmented data, with the real and synthetic row count of every class.</summary>
    public static (IDataView Data, long[] RealPerClass, long[] SyntheticPerClass) Augment(MLContext context, IDataView input, GanAugmentationOptions options)
    {
        Validate(options);
        var features = SchemaChecks.FeatureColumn(input.Schema, options.FeatureColumnName, nameof(input));
        var (label, kind) = ConditionColumn.Resolve(input.Schema, options.LabelColumnName, label: true, nameof(input));
        var seed = options.Seed ?? ((IHostEnvironment)context).Register(nameof(GanAugmentation)).Rand.Next();
        var real = CountClasses(input, label, kind);

        var gan = options.TrainedGan ?? Train(context, input, options, seed);
        try
        {
            if (gan.LabelColumnName != options.LabelColumnName || gan.ClassCount < real.Length || gan.FeatureDimension != ((VectorDataViewType)features.Type).Size)
            {
                throw new ArgumentException(
                    $"The GAN must be conditioned on label column '{options.LabelColumnName}' with at least {real.Length} classes and generate {((VectorDataViewType)features.Type).Size} features; " +
                    $"this one is conditioned on '{gan.LabelColumnName ?? "nothing"}' with {gan.ClassCount?.ToString() ?? "no"} classes and generates {gan.FeatureDimension}.",
                    nameof(options));
            }

            var synthetic = SyntheticCounts(real, options);
            var (classes, values) = Generate(gan, synthetic, seed);
            var labels = new SyntheticLabels(gan.Model.Settings, position => classes[position]);
            IDataView data = new AugmentedRowsDataView(input, label, features, labels, values, classes.Length, options.SyntheticIndicatorColumnName);
            return (options.Shuffle ? context.Data.ShuffleRows(data, seed) : data, real, synthetic);
        }
        finally
        {
            if (options.TrainedGan is null)
            {
                gan.Dispose();
            }
        }
    }

    private static GanTransformer Train(MLContext context, IDataView input, GanAugmentationOptions options, int seed)
    {
        var gan = options.Gan ?? new GanTrainer.Options { BalanceClasses = true };
        gan.LabelColumnName = options.LabelColumnName;
        gan.FeatureColumnName = options.FeatureColumnName;
        gan.ConditionColumnName = null;
        gan.Seed ??= seed;
        return context.Gan().Trainer(gan).Fit(input);
    }

    private static long[] CountClasses(IDataView input, DataViewSchema.Column label, ConditionKind kind)
    {
        // A key's classes are known up front; integer labels grow the counts as classes appear.
        var keyCount = label.Type is KeyDataViewType key ? checked((int)key.Count) : (int?)null;
        var counts = new long[keyCount ?? 0];
        using var cursor = input.GetRowCursor([label]);
        var read = ConditionColumn.ClassReader(cursor, label, kind, keyCount ?? int.MaxValue);
        while (cursor.MoveNext())
        {
            var c = read();
            if (c >= counts.Length)
            {
                Array.Resize(ref counts, c + 1);
            }

            counts[c]++;
        }

        if (counts.Sum() == 0)
        {
            throw new InvalidOperationException($"The training data is empty: label column '{label.Name}' has no rows.");
        }

        return counts;
    }

    private static long[] SyntheticCounts(long[] real, GanAugmentationOptions options) => options.Policy == AugmentationPolicy.BalanceToLargest
        ? real.Select(count => real.Max() - count).ToArray()
        : real.Select(count => (long)Math.Round(options.Ratio * count, MidpointRounding.AwayFromZero)).ToArray();

    private static (int[] Classes, float[] Values) Generate(GanTransformer gan, long[] perClass, int seed)
    {
        var classes = perClass.SelectMany((count, c) => Enumerable.Repeat(c, checked((int)count))).ToArray();
        var dimension = gan.FeatureDimension;
        var values = new float[checked(classes.Length * dimension)];
        if (classes.Length == 0)
        {
            return (classes, values);
        }

        var rows = gan.GenerateForClasses(classes, seed);
        var column = rows.Schema[gan.FeatureColumnName];
        using var cursor = rows.GetRowCursor([column]);
        var getter = cursor.GetGetter<VBuffer<float>>(column);
        var buffer = default(VBuffer<float>);
        for (var row = 0; cursor.MoveNext(); row++)
        {
            getter(ref buffer);
            buffer.CopyTo(values.AsSpan(row * dimension, dimension));
        }

        return (classes, values);
    }
}
