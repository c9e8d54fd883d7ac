namespace Microsoft.ML.Gan;

/// <summary>What a GAN is conditioned on, and how the condition's values are stored.</summary>
internal enum ConditionKind
{
    /// <summary>Not conditional.</summary>
    None,

    /// <summary>A key label: raw value k (1 … K) is class k − 1.</summary>
    KeyLabel,

    /// <summary>An <see cref="int"/> label: the value is the class.</summary>
    Int32Label,

    /// <summary>A <see cref="long"/> label: the value is the class.</summary>
    Int64Label,

    /// <summary>A <see cref="uint"/> label (not a key): the value is the class.</summary>
    UInt32Label,

    /// <summary>A known-size vector of <see cref="float"/>, used as it is.</summary>
    Vector,
}
