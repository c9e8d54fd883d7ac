using System;
using System.Linq;
using FluentAssertions;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Samples.Toy;
using Microsoft.ML.Gan.Tests.TestData;
using Xunit;

namespace Microsoft.ML.Gan.Tests.Pipelines;

/// <summary>The trainer composes with ordinary ML.NET estimators and validates schemas like they do.</summary>
public sealed class PipelineTests
{
    private readonly MLContext _mlContext = new(seed: 1);

    [Fact]
    public void Trainer_appends_after_Concatenate_and_NormalizeMinMax()
    {
        var rows = RingMixture.Points(256, seed: 4).Select(p => new TwoColumns { X = p[0], Y = p[1] });
        var data = _mlContext.Data.LoadFromEnumerable(rows);
        var pipeline = _mlContext.Transforms.Concatenate("Features", "X", "Y")
            .Append(_mlContext.Transforms.NormalizeMinMax("Features"))
            .Append(_mlContext.Gan().Trainer(TinyGan.Options()));

        var model = pipeline.Fit(data);
        var output = model.Transform(data);

        output.Schema["Generated"].Type.Should().Be(new VectorDataViewType(NumberDataViewType.Single, 2));
        var generated = GeneratedRows.Read(output, "Generated");
        generated.Should().HaveCount(256);
        // The GAN learnt the normalised features (NormalizeMinMax keeps zero fixed: [−1, 1] here), not the raw ±2 ring.
        generated.SelectMany(r => r).Should().OnlyContain(v => v >= -1 && v <= 1);
        model.LastTransformer.Dispose();
    }

    [Fact]
    public void GetOutputSchema_adds_the_generated_column()
    {
        var input = new SchemaShape([Vector("Features", NumberDataViewType.Single)]);

        var output = _mlContext.Gan().Trainer().GetOutputSchema(input);

        output.Select(c => c.Name).Should().Equal("Features", "Generated");
        output.Last().Kind.Should().Be(SchemaShape.Column.VectorKind.Vector);
        output.Last().ItemType.Should().Be(NumberDataViewType.Single);
    }

    [Fact]
    public void GetOutputSchema_explains_a_wrong_feature_column()
    {
        var input = new SchemaShape([MLNetInternals.CreateSchemaShapeColumn("Features", SchemaShape.Column.VectorKind.VariableVector, NumberDataViewType.Single)]);

        var check = () => _mlContext.Gan().Trainer().GetOutputSchema(input);

        check.Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("Schema mismatch for feature column 'Features': expected known-size vector of Single, got variable-size vector of Single.*");
    }

    private static SchemaShape.Column Vector(string name, DataViewType itemType) =>
        MLNetInternals.CreateSchemaShapeColumn(name, SchemaShape.Column.VectorKind.Vector, itemType);

    private sealed class TwoColumns
    {
        public float X { get; set; }

        public float Y { get; set; }
    }
}
