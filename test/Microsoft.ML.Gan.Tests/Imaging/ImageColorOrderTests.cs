using System;
using System.Linq;
using FluentAssertions;
using Microsoft.ML.Transforms.Image;
using Xunit;

namespace Microsoft.ML.Gan.Tests.Imaging;

/// <summary>
/// ImageColorOrder mirrors ML.NET's ColorsOrder so that the core package needs no ImageAnalytics: casting between them
/// is only right while both have the same members with the same values.
/// </summary>
public sealed class ImageColorOrderTests
{
    [Fact]
    public void Every_member_matches_ExtractPixels_ColorsOrder_by_name_and_value()
    {
        static (string Name, long Value)[] Members(Type type) => Enum.GetValues(type).Cast<object>()
            .Select(value => (Enum.GetName(type, value)!, Convert.ToInt64(value)))
            .OrderBy(member => member.Item2)
            .ToArray();

        Members(typeof(ImageColorOrder)).Should().Equal(Members(typeof(ImagePixelExtractingEstimator.ColorsOrder)));
        Enum.GetUnderlyingType(typeof(ImageColorOrder)).Should().Be(Enum.GetUnderlyingType(typeof(ImagePixelExtractingEstimator.ColorsOrder)));
    }
}
