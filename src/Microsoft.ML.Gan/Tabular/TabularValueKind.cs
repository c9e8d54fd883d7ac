namespace Microsoft.ML.Gan;

/// <summary>The ML.NET column types a tabular GAN models, and how each is generated back.</summary>
internal enum TabularValueKind
{
    /// <summary><see cref="float"/>: continuous; NaN is a missing value.</summary>
    Single,

    /// <summary><see cref="double"/>: continuous; NaN is a missing value.</summary>
    Double,

    /// <summary><see cref="int"/>: continuous, rounded to the nearest integer.</summary>
    Int32,

    /// <summary><see cref="long"/>: continuous, rounded to the nearest integer.</summary>
    Int64,

    /// <summary><see cref="bool"/>: categorical with the values seen.</summary>
    Boolean,

    /// <summary>Text: categorical; each distinct string (the empty string included) is a category.</summary>
    Text,

    /// <summary>A key of <see cref="uint"/>: categorical over the raw key values seen (0, the missing key, included).</summary>
    Key,
}
