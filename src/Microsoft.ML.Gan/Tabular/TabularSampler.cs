using System;
using System.Linq;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan;

/// <summary>
/// Generates decoded rows from a trained generator. Every row is keyed: its latent vector and its random choices (the
/// conditional vector of an unconditional row, and the draw of each one-hot output from its softmax, which is what
/// argmax of a Gumbel-softmax samples) come from the row's own stream (<see cref="LatentSampler"/>), so a row never
/// depends on the other rows generated with it.
/// </summary>
internal sealed class TabularSampler
{
    private readonly TabularGanModel _model;
    private readonly TabularEncoding _encoding;
    private readonly double[][] _frequencies;
    private readonly bool _rawContinuous;
    private readonly int? _label;
    private readonly int _labelSpan;
    private readonly bool _perClass;

    /// <summary>
    /// A sampler of <paramref name="model"/>'s rows; with <paramref name="rawContinuous"/> continuous columns hold the
    /// values their modes stand for, before calibration, clipping and rounding (what <see cref="MarginalCalibration"/> measures).
    /// </summary>
    public TabularSampler(TabularGanModel model, bool rawContinuous = false)
    {
        _model = model;
        _rawContinuous = rawContinuous;
        _encoding = model.Encoding;
        _label = _encoding.DiscreteIndexOf(model.Settings.LabelColumn);
        if (_label is int label)
        {
            // Per-class calibration biases need each row's label before its other columns are drawn.
            var labelColumn = _encoding.Discrete[label];
            _labelSpan = Array.FindIndex(_encoding.Spans, s => s.Start == _encoding.Starts[labelColumn]);
            _perClass = _encoding.Columns.Any(c => c.IsCalibratedPerClass);
        }

        // Unconditional rows use the data's own category frequencies for the conditional vector (not the log-frequencies
        // of training), so generated categories keep their real rates.
        _frequencies = _encoding.Discrete.Select(i =>
        {
            var counts = _encoding.Columns[i].Counts!;
            double total = counts.Sum();
            return counts.Select(c => c / total).ToArray();
        }).ToArray();
    }

    /// <summary>Uniform draws per row: column choice, category choice, then one per one-hot span.</summary>
    private int UniformsPerRow => 2 + _encoding.Spans.Length;

    /// <summary>
    /// Rows with keys <paramref name="firstKey"/> … <paramref name="firstKey"/> + <paramref name="count"/> − 1, decoded
    /// into <paramref name="block"/> at <paramref name="offset"/>. With <paramref name="condition"/> (categorical column d,
    /// category c) every row is generated for that condition.
    /// </summary>
    public void Generate(long seed, long firstKey, int count, (int Discrete, int Category)? condition, TabularBlock block, int offset)
    {
        var latentWidth = _model.Settings.LatentDimension;
        var inputWidth = latentWidth + _encoding.ConditionWidth;
        var input = new float[count * inputWidth];
        var uniforms = new double[count * UniformsPerRow];
        // The label each row is generated for: a stratified row's, or the condition's when it is on the label.
        var labels = new int[_label is not null ? count : 0];
        for (var r = 0; r < count; r++)
        {
            var key = firstKey + r;
            LatentSampler.Fill(seed, key, input.AsSpan(r * inputWidth, latentWidth));
            var u = uniforms.AsSpan(r * UniformsPerRow, UniformsPerRow);
            LatentSampler.FillUniform(seed, key, u);
            if (_encoding.Discrete.Length == 0)
            {
                continue;
            }

            var (d, c) = condition ?? ChooseCondition(u[0], u[1]);
            input[r * inputWidth + latentWidth + _encoding.ConditionOffsets[d] + c] = 1;
            if (labels.Length > 0)
            {
                labels[r] = d == _label ? c : -1;
            }
        }

        float[] raw;
        using (var scope = NewDisposeScope())
        using (no_grad())
        {
            var output = _model.Generator.forward(tensor(input, [count, inputWidth]).to(_model.Device));
            raw = output.cpu().data<float>().ToArray();
        }

        for (var r = 0; r < count; r++)
        {
            Decode(raw.AsSpan(r * _encoding.Width, _encoding.Width), uniforms.AsSpan(r * UniformsPerRow + 2), labels.Length > 0 ? labels[r] : -1, block, offset + r);
            if (condition is null && labels.Length > 0)
            {
                // A stratified row has the label it was generated for, so labels come at exactly their training rates.
                SetCategory(_encoding.Discrete[_label!.Value], labels[r], block, offset + r);
            }
        }
    }

    // Unconditional rows are conditioned on a uniformly chosen categorical column, or with a label column on the label.
    private (int Discrete, int Category) ChooseCondition(double columnDraw, double categoryDraw)
    {
        var d = _label ?? Math.Min((int)(columnDraw * _encoding.Discrete.Length), _encoding.Discrete.Length - 1);
        return (d, Pick(_frequencies[d], categoryDraw));
    }

    private void SetCategory(int column, int category, TabularBlock block, int row)
    {
        if (_encoding.Columns[column].Values is { } values)
        {
            block.Numbers[column]![row] = values[category];
        }
        else
        {
            block.Categories[column]![row] = category;
        }
    }

    /// <summary>
    /// Decodes one row; <paramref name="label"/> is the label category the row was generated for (−1 when not known:
    /// then, if per-class biases apply, the label is drawn first, with the same draw its own column uses).
    /// </summary>
    private void Decode(ReadOnlySpan<float> raw, ReadOnlySpan<double> draws, int label, TabularBlock block, int row)
    {
        var span = 0;
        Span<double> probabilities = stackalloc double[_encoding.Spans.Max(s => s.Width)];
        if (_perClass && label < 0)
        {
            var labelColumn = _encoding.Columns[_encoding.Discrete[_label!.Value]];
            var start = _encoding.Starts[_encoding.Discrete[_label.Value]];
            label = Sample(raw.Slice(start, labelColumn.Width), draws[_labelSpan], probabilities, labelColumn.CategoryBias);
        }

        for (var i = 0; i < _encoding.Columns.Length; i++)
        {
            var column = _encoding.Columns[i];
            var start = _encoding.Starts[i];
            if (!column.IsContinuous)
            {
                var bias = _perClass && column.ClassCategoryBias is { } byClass ? byClass[label] ?? column.CategoryBias : column.CategoryBias;
                SetCategory(i, Sample(raw.Slice(start, column.Width), draws[span++], probabilities, bias), block, row);
                continue;
            }

            var alpha = Math.Tanh(raw[start]);
            span++;
            var mode = Sample(raw.Slice(start + 1, column.Modes), draws[span++], probabilities);
            var missing = column.HasMissing && Sample(raw.Slice(start + 1 + column.Modes, 2), draws[span++], probabilities) == 1;
            block.Numbers[i]![row] = missing ? double.NaN : _rawContinuous ? column.RawContinuous(alpha, mode) : column.DecodeContinuous(alpha, mode, missing, label);
        }
    }

    /// <summary>Draws an index from softmax(<paramref name="logits"/> + <paramref name="bias"/>) with the uniform <paramref name="draw"/>.</summary>
    private static int Sample(ReadOnlySpan<float> logits, double draw, Span<double> probabilities, double[]? bias = null)
    {
        var max = double.NegativeInfinity;
        for (var j = 0; j < logits.Length; j++)
        {
            probabilities[j] = logits[j] + (bias?[j] ?? 0);
            max = Math.Max(max, probabilities[j]);
        }

        var sum = 0.0;
        for (var j = 0; j < logits.Length; j++)
        {
            probabilities[j] = Math.Exp(probabilities[j] - max);
            sum += probabilities[j];
        }

        var target = draw * sum;
        for (var j = 0; j < logits.Length; j++)
        {
            target -= probabilities[j];
            if (target < 0)
            {
                return j;
            }
        }

        return logits.Length - 1;
    }

    private static int Pick(double[] probabilities, double draw)
    {
        for (var j = 0; j < probabilities.Length; j++)
        {
            draw -= probabilities[j];
            if (draw < 0)
            {
                return j;
            }
        }

        return probabilities.Length - 1;
    }
}
