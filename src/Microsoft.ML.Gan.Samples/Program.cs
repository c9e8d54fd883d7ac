using System.CommandLine;
using System.IO;
using Microsoft.ML.Gan.Samples.Commands;

// GanML samples. With no command: the main job (a DCGAN on the bundled MNIST). Every command explains itself with --help.
var artifacts = new Option<string>("--artifacts") { Description = "Folder for reports, images and models.", DefaultValueFactory = _ => "artifacts" };
var epochs = new Option<int>("--epochs") { Description = "Training epochs.", DefaultValueFactory = _ => 40 };
var seed = new Option<int>("--seed") { Description = "Seed of the MLContext: the same seed gives the same run.", DefaultValueFactory = _ => 1 };
var root = new RootCommand("GanML samples. Without a command: train a DCGAN on the bundled MNIST digits (about 6 minutes on 2 cores) and write a sample grid, a loss curve, the model zip and a report to the artifacts folder.")
{
    artifacts,
    epochs,
    seed,
};
root.SetAction(result => MnistDcganCommand.Run(result.GetValue(artifacts)!, result.GetValue(epochs), result.GetValue(seed)));

var toyEpochs = new Option<int>("--epochs") { Description = "Training epochs per loss.", DefaultValueFactory = _ => 200 };
var toy = new Command("toy", "Train a GAN with each of the six losses on the 8-Gaussian ring and report how close each gets.") { artifacts, toyEpochs };
toy.SetAction(result => RingDemoCommand.Run(result.GetValue(artifacts)!, result.GetValue(toyEpochs)));
root.Subcommands.Add(toy);

var model = new Option<FileInfo>("--model") { Description = "A model zip saved with mlContext.Model.Save (a GAN alone or a pipeline ending in one).", Required = true };
var count = new Option<long>("--count") { Description = "How many rows to generate.", DefaultValueFactory = _ => 100 };
var latentSeed = new Option<long>("--seed") { Description = "Seed of the latent vectors: the same seed gives the same rows.", DefaultValueFactory = _ => 0 };
var output = new Option<FileInfo>("--out") { Description = "The CSV file to write.", Required = true };
var via = new Option<GenerationRoute>("--via")
{
    Description = "Generate (count rows for --seed), Transform (count input rows) or PredictionEngine (count calls); the last two key rows by position with the model's own seed.",
    DefaultValueFactory = _ => GenerationRoute.Generate,
};
var generate = new Command("generate", "Load a saved GAN and write generated rows as CSV.") { model, count, latentSeed, via, output };
generate.SetAction(result => GenerateCommand.Run(result.GetValue(model)!, result.GetValue(count), result.GetValue(latentSeed), result.GetValue(via), result.GetValue(output)!));
root.Subcommands.Add(generate);

var realFeatures = new Option<FileInfo>("--real") { Description = "Real features: raw little-endian float32, row-major.", Required = true };
var generatedFeatures = new Option<FileInfo>("--generated") { Description = "Generated features, in the same format.", Required = true };
var dimension = new Option<int>("--dimension") { Description = "Features per row.", DefaultValueFactory = _ => 2048 };
var fid = new Command("fid", "Time GanML's FID on two raw float32 feature files (see eng/evaluation/fid_reference.py benchmark).") { realFeatures, generatedFeatures, dimension };
fid.SetAction(result => FidCommand.Run(result.GetValue(realFeatures)!, result.GetValue(generatedFeatures)!, result.GetValue(dimension)));
root.Subcommands.Add(fid);

return root.Parse(args).Invoke();
