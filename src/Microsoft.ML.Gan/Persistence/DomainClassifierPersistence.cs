using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Gan;

/// <summary>
/// How a <see cref="GanDomainClassifier"/> takes part in <c>mlContext.Model.Save</c> and <c>Load</c>: the classifier's own
/// checksummed format (<see cref="GanDomainClassifier.Save(Stream)"/>) as one binary stream under ML.NET's versioned
/// header, and a loader that <c>mlContext.Gan()</c> registers.
/// </summary>
internal static class DomainClassifierPersistence
{
    public const string PayloadStreamName = "DomainClassifier.bin";

    public static readonly MLNetModelBridge.ModelFormat Format = new(
        modelSignature: "GANMLDCL",
        version: 0x00010001,
        versionReadable: 0x00010001,
        versionWeCanReadBack: 0x00010001,
        loaderSignature: "GanDomainClassifier",
        loaderAssemblyName: typeof(GanDomainClassifier).Assembly.GetName().Name);

    public static void Save(ModelSaveContext context, GanDomainClassifier classifier) =>
        MLNetModelBridge.Save(context, Format, new Dictionary<string, Action<Stream>>
        {
            [PayloadStreamName] = classifier.Save,
        });

    /// <summary>Lets <paramref name="env"/> load domain classifiers; idempotent.</summary>
    public static void RegisterLoader(IHostEnvironment env) =>
        MLNetModelBridge.RegisterLoader(env, Format, (_, read) => read.ReadBinaryStream(PayloadStreamName, GanDomainClassifier.Load));
}
