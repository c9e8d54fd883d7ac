namespace Microsoft.ML.Gan;

/// <summary>
/// The last layer of the multilayer perceptron generator. The training data are scaled to [−1, 1] either way.
/// </summary>
public enum GanOutputActivation
{
    /// <summary>Tanh, which bounds every generated value to the training data's range (the default).</summary>
    Tanh,

    /// <summary>
    /// None: the last linear layer's output as is, as in the WGAN-GP toy experiments (Gulrajani et al., 2017).
    /// Generated values may fall outside the training data's range.
    /// </summary>
    Linear,
}
