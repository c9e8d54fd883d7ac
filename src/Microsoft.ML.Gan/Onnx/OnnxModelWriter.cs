using System;
using System.Globalization;
using System.IO;
using System.Linq;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan;

/// <summary>
/// Writes fitted models as ONNX graphs that compute what their transformers compute, in the users' units:
/// a GAN's generator (the weight average when the model keeps one) followed by the inverse of the training data's scaling,
/// and a CycleGAN's translators with each domain's scaling on the way in and out.
/// </summary>
internal static class OnnxModelWriter
{
    /// <summary>Writes <paramref name="model"/>'s generator: inputs <see cref="GanOnnx.LatentInputName"/> (and
    /// <see cref="GanOnnx.ConditionInputName"/> for a conditional model), output the transformer's output column.</summary>
    public static void Write(GanModel model, Stream stream)
    {
        var settings = model.Settings;
        var graph = new OnnxGraph();
        var writer = new OnnxNetworkWriter(graph);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var network = model.GeneratorAverage ?? model.Generator;
        graph.Input(GanOnnx.LatentInputName, settings.LatentDimension);
        string rows;
        if (network is ConditionJoinedNetwork joined)
        {
            // latent ⊕ embedding(condition) → the wrapped generator, as ConditionJoinedNetwork.forward computes it.
            graph.Input(GanOnnx.ConditionInputName, settings.ConditionDimension);
            var children = joined.named_children().ToDictionary(c => c.name, c => c.module);
            var embedded = writer.Append(children["embedding"], GanOnnx.ConditionInputName, "generator.embedding");
            var input = graph.Node("generator.join", "Concat", [GanOnnx.LatentInputName, embedded], "generator.join", OnnxGraph.Attribute("axis", 1L));
            rows = writer.Append(children["network"], input, "generator.network");
        }
        else
        {
            rows = writer.Append(network, GanOnnx.LatentInputName, "generator");
        }

        Unscale(graph, rows, model.Scaling, "generator", settings.OutputColumnName);
        graph.Output(settings.OutputColumnName, settings.FeatureDimension);
        graph.Metadata("ganml.latent_dimension", settings.LatentDimension.ToString(CultureInfo.InvariantCulture));
        graph.Metadata("ganml.latent_distribution", "standard normal, independent components (GanOnnx.FillLatent draws GanML's)");
        graph.Metadata("ganml.generation_seed", model.GenerationSeed.ToString(CultureInfo.InvariantCulture));
        if (settings.IsConditional)
        {
            graph.Metadata("ganml.condition", settings.IsLabelConditional
                ? $"one-hot class of {settings.ConditionDimension} (label column '{settings.ConditionColumnName}')"
                : $"condition vector of {settings.ConditionDimension} (column '{settings.ConditionColumnName}')");
        }

        graph.WriteTo(stream, "GanML generator",
            $"{settings.Network} generator of a GAN trained on '{settings.FeatureColumnName}': latent vectors to rows in the training data's units.");
    }

    /// <summary>Writes <paramref name="model"/>'s translators: input the image column, outputs the translation columns.</summary>
    public static void Write(CycleGanModel model, Stream stream)
    {
        var settings = model.Settings;
        var graph = new OnnxGraph();
        var writer = new OnnxNetworkWriter(graph);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        graph.Input(settings.FeatureColumnName, settings.ImageLength);
        Translate(graph, writer, model.AToB, model.ScalingA, model.ScalingB, settings.FeatureColumnName, "AToB", settings.TranslatedToBColumnName);
        if (settings.TranslatedToAColumnName is { } toA)
        {
            Translate(graph, writer, model.BToA, model.ScalingB, model.ScalingA, settings.FeatureColumnName, "BToA", toA);
        }

        graph.WriteTo(stream, "GanML CycleGAN",
            $"CycleGAN translators of {settings.ImageChannels}×{settings.ImageSize}×{settings.ImageSize} images in '{settings.FeatureColumnName}', in the domains' units.");
    }

    /// <summary>Creates (or overwrites) the file <paramref name="path"/> and lets <paramref name="write"/> write the model into it.</summary>
    public static void WriteFile(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var file = File.Create(path);
        write(file);
    }

    // As ImageTranslator.Translate: source units → [−1, 1], the generator, [−1, 1] → target units.
    private static void Translate(OnnxGraph graph, OnnxNetworkWriter writer, nn.Module generator, FeatureScaling source, FeatureScaling target,
        string input, string path, string output)
    {
        var scaled = Scale(graph, input, source, path);
        var translated = writer.Append(generator, scaled, path);
        Unscale(graph, translated, target, path, output);
        graph.Output(output, target.Dimension);
    }

    // FeatureScaling.ScaleInPlace: (x − center) / halfRange, and 0 where the half-range is 0. Dividing (rather than
    // multiplying by the reciprocal) rounds as ScaleInPlace does; a zero half-range divides by 1 and is masked to 0.
    private static string Scale(OnnxGraph graph, string input, FeatureScaling scaling, string path)
    {
        long[] dims = [scaling.Dimension];
        var centered = graph.Node(path + ".scale.center", "Sub", [input, graph.Initializer(path + ".scale.center_value", dims, scaling.Center)],
            path + ".scale.center");
        var divisor = scaling.HalfRange.Select(h => h > 0 ? h : 1f).ToArray();
        var scaled = graph.Node(path + ".scale.divide", "Div", [centered, graph.Initializer(path + ".scale.half_range", dims, divisor)],
            path + ".scale.divide");
        if (scaling.HalfRange.All(h => h > 0))
        {
            return scaled;
        }

        var mask = scaling.HalfRange.Select(h => h > 0 ? 1f : 0f).ToArray();
        return graph.Node(path + ".scale.mask", "Mul", [scaled, graph.Initializer(path + ".scale.mask_value", dims, mask)], path + ".scale.mask");
    }

    // SampleGenerator and ImageTranslator: x · halfRange + center.
    private static void Unscale(OnnxGraph graph, string rows, FeatureScaling scaling, string path, string output)
    {
        long[] dims = [scaling.Dimension];
        var stretched = graph.Node(path + ".unscale.stretch", "Mul", [rows, graph.Initializer(path + ".unscale.half_range", dims, scaling.HalfRange)],
            path + ".unscale.stretch");
        graph.Node(path + ".unscale.shift", "Add", [stretched, graph.Initializer(path + ".unscale.center", dims, scaling.Center)], output);
    }
}
