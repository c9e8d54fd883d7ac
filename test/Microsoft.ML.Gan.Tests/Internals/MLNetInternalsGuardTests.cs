using System.Reflection;
using FluentAssertions;
using Microsoft.ML.Data;
using Xunit;

namespace Microsoft.ML.Gan.Tests.Internals;

/// <summary>
/// Guards the non-public ML.NET members that <see cref="MLNetInternals"/> and <see cref="MLNetModelBridge"/> use. If this fails after a package upgrade,
/// the message names the member that moved; pin Microsoft.ML back or port the bridge.
/// </summary>
public sealed class MLNetInternalsGuardTests
{
#if GANML_MLNET6
    private const string ExpectedMicrosoftMLVersion = "6.0.0";
#else
    private const string ExpectedMicrosoftMLVersion = "5.0.1";
#endif

    [Fact]
    public void Loaded_Microsoft_ML_is_a_verified_version()
    {
        var informational = typeof(MLContext).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;

        // This project runs on the floor of the accepted range; Microsoft.ML.Gan.Tests.MLNet6 runs these tests on 6.0.0.
        informational.Should().StartWith(ExpectedMicrosoftMLVersion);
        MLNetInternals.VerifiedMicrosoftMLVersions.Should().Contain(ExpectedMicrosoftMLVersion);
    }

    [Fact]
    public void Every_internal_member_used_resolves()
    {
        MLNetInternals.Verify();
        MLNetModelBridge.Verify();
    }

    [Fact]
    public void Registering_the_GAN_loader_twice_on_one_context_is_harmless_and_per_context()
    {
        var first = new MLContext();
        var other = new MLContext();

        first.Gan();
        first.Gan();

        MLNetModelBridge.IsLoaderRegistered(first, GanModelPersistence.Format.LoaderSignature).Should().BeTrue();
        MLNetModelBridge.IsLoaderRegistered(other, GanModelPersistence.Format.LoaderSignature).Should().BeFalse();
    }

    [Fact]
    public void SchemaShape_column_is_created_with_the_given_fields()
    {
        var column = MLNetInternals.CreateSchemaShapeColumn("Generated", SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single);

        column.Name.Should().Be("Generated");
        column.Kind.Should().Be(SchemaShape.Column.VectorKind.Vector);
        column.ItemType.Should().Be(NumberDataViewType.Single);
        column.IsKey.Should().BeFalse();
    }
}
