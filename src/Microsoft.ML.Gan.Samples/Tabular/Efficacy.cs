using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Transforms;

namespace Microsoft.ML.Gan.Samples.Tabular;

/// <summary>
/// Machine-learning efficacy: an ML.NET classifier trained on one table (real, synthetic or augmented) and tested on
/// real held-out rows. Features are the numeric columns standardised with the real training split's mean and standard
/// deviation and the categorical columns one-hot over the real training split's categories.
/// </summary>
internal sealed class Efficacy
{
    private readonly string _label;
    private readonly string _positive;
    private readonly int[] _features;
    private readonly double[] _means;
    private readonly double[] _deviations;
    private readonly string[][] _levels;
    private readonly int _dimension;

    public Efficacy(Table realTrain, string label, string positive)
    {
        _label = label;
        _positive = positive;
        var labelIndex = realTrain.IndexOf(label);
        _features = Enumerable.Range(0, realTrain.Columns).Where(c => c != labelIndex).ToArray();
        _means = _features.Select(c => realTrain.IsNumeric(c) ? realTrain.Numbers[c]!.Average() : 0).ToArray();
        _deviations = _features.Select((c, i) => realTrain.IsNumeric(c)
            ? Math.Max(Math.Sqrt(realTrain.Numbers[c]!.Sum(v => (v - _means[i]) * (v - _means[i])) / realTrain.Rows), 1e-12)
            : 1).ToArray();
        _levels = _features.Select(c => realTrain.IsNumeric(c) ? [] : realTrain.Levels(c)).ToArray();
        _dimension = _features.Select((c, i) => realTrain.IsNumeric(c) ? 1 : _levels[i].Length).Sum();
    }

    public sealed record Scores(double Auc, double MacroF1);

    public static readonly string[] Classifiers = ["FastTree", "LbfgsMaximumEntropy"];

    /// <summary>Trains <paramref name="classifier"/> on <paramref name="train"/> and scores it on <paramref name="test"/>.</summary>
    public Scores Evaluate(MLContext mlContext, string classifier, Table train, Table test)
    {
        var trainView = ToDataView(mlContext, train);
        var testView = ToDataView(mlContext, test);
        var truth = Labels(test);
        double[] probabilities;
        bool[] predicted;
        if (classifier == "FastTree")
        {
            var model = mlContext.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options { NumberOfThreads = 1 }).Fit(trainView);
            var scored = model.Transform(testView);
            probabilities = scored.GetColumn<float>("Probability").Select(p => (double)p).ToArray();
            predicted = scored.GetColumn<bool>("PredictedLabel").ToArray();
        }
        else
        {
            var pipeline = mlContext.Transforms.Conversion.MapValueToKey("LabelKey", "Label", keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue, addKeyValueAnnotationsAsText: false)
                .Append(mlContext.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
                {
                    LabelColumnName = "LabelKey",
                    NumberOfThreads = 1,
                }));
            var scored = pipeline.Fit(trainView).Transform(testView);
            // Keys by value: false is class 0, true class 1 (when the training table has both).
            var scores = scored.GetColumn<float[]>("Score").ToArray();
            probabilities = scores.Select(s => s.Length > 1 ? (double)s[1] : 0).ToArray();
            predicted = probabilities.Select(p => p > 0.5).ToArray();
        }

        return new Scores(Auc(probabilities, truth), MacroF1(predicted, truth));
    }

    private bool[] Labels(Table table) => table.Categories[table.IndexOf(_label)]!.Select(v => v == _positive).ToArray();

    private IDataView ToDataView(MLContext mlContext, Table table)
    {
        var labels = Labels(table);
        var examples = new List<Example>(table.Rows);
        for (var r = 0; r < table.Rows; r++)
        {
            var features = new float[_dimension];
            var offset = 0;
            for (var i = 0; i < _features.Length; i++)
            {
                var c = _features[i];
                if (table.IsNumeric(c))
                {
                    features[offset++] = (float)((table.Numbers[c]![r] - _means[i]) / _deviations[i]);
                    continue;
                }

                var level = Array.BinarySearch(_levels[i], table.Categories[c]![r], StringComparer.Ordinal);
                if (level >= 0)
                {
                    features[offset + level] = 1;
                }

                offset += _levels[i].Length;
            }

            examples.Add(new Example { Label = labels[r], Features = features });
        }

        var schema = SchemaDefinition.Create(typeof(Example));
        schema[nameof(Example.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, _dimension);
        return mlContext.Data.LoadFromEnumerable(examples, schema);
    }

    /// <summary>The area under the ROC curve (Mann–Whitney, ties counted half).</summary>
    public static double Auc(double[] scores, bool[] truth)
    {
        var order = Enumerable.Range(0, scores.Length).OrderBy(i => scores[i]).ToArray();
        var ranks = new double[scores.Length];
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j + 1 < order.Length && scores[order[j + 1]] == scores[order[i]])
            {
                j++;
            }

            for (var m = i; m <= j; m++)
            {
                ranks[order[m]] = (i + j) / 2.0 + 1;
            }

            i = j + 1;
        }

        double positives = truth.Count(t => t);
        var negatives = truth.Length - positives;
        var rankSum = Enumerable.Range(0, truth.Length).Where(i => truth[i]).Sum(i => ranks[i]);
        return (rankSum - positives * (positives + 1) / 2) / (positives * negatives);
    }

    /// <summary>The mean of the two classes' F1 scores.</summary>
    public static double MacroF1(bool[] predicted, bool[] truth)
    {
        double F1(bool positive)
        {
            var tp = Enumerable.Range(0, truth.Length).Count(i => predicted[i] == positive && truth[i] == positive);
            var fp = Enumerable.Range(0, truth.Length).Count(i => predicted[i] == positive && truth[i] != positive);
            var fn = Enumerable.Range(0, truth.Length).Count(i => predicted[i] != positive && truth[i] == positive);
            return tp == 0 ? 0 : 2.0 * tp / (2 * tp + fp + fn);
        }

        return (F1(true) + F1(false)) / 2;
    }

    private sealed class Example
    {
        public bool Label { get; set; }

        public float[] Features { get; set; } = [];
    }
}
