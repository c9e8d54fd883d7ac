using System;
using System.CommandLine;
using System.IO;
using Microsoft.ML.Gan;
using Microsoft.ML.Gan.Samples.Commands;

// GanML samples. With no command: the main job (a DCGAN on the bundled MNIST). Every command explains itself with --help.
var artifacts = new Option<string>("--artifacts") { Description = "Folder for reports, images and models.", DefaultValueFactory = _ => "artifacts" };
var epochs = new Option<int>("--epochs") { Description = "Training epochs.", DefaultValueFactory = _ => 40 };
var seed = new Option<int>("--seed") { Description = "Seed of the MLContext: the same seed gives the same run.", DefaultValueFactory = _ => 1 };
var root = new RootCommand("GanML samples. Without a command: train a DCGAN on the bundled MNIST digits (about 10 minutes on 2 cores) and write a sample grid, a loss curve, the model zip and a report to the artifacts folder.")
{
    artifacts,
    epochs,
    seed,
};
root.SetAction(result => MnistGanCommand.Run(result.GetValue(artifacts)!, result.GetValue(epochs), result.GetValue(seed)));

var vectorLoss = new Option<GanLoss?>("--loss") { Description = "The loss (default: the library's default for vectors)." };
var vectorRate = new Option<double?>("--lr") { Description = "Both learning rates (default: the loss's default for vectors)." };
var vectorEpochs = new Option<int>("--epochs") { Description = "Training epochs.", DefaultValueFactory = _ => 30 };
var mnistVectors = new Command("mnist-vectors", "The main job's measurements for an MLP GAN on the bundled MNIST digits as flat vectors of 784 values, at the library's defaults for vectors unless --loss or --lr is given.")
{
    artifacts,
    vectorEpochs,
    seed,
    vectorLoss,
    vectorRate,
};
mnistVectors.SetAction(result => MnistGanCommand.Run(result.GetValue(artifacts)!, result.GetValue(vectorEpochs), result.GetValue(seed), GanNetwork.Mlp,
    result.GetValue(vectorLoss), result.GetValue(vectorRate)));
root.Subcommands.Add(mnistVectors);

var toyEpochs = new Option<int>("--epochs") { Description = "Training epochs per model.", DefaultValueFactory = _ => 200 };
var toySteps = new Option<int?>("--steps") { Description = $"Train each model for this many batches instead of --epochs (rounded up to whole epochs of {ToyCommand.TrainingRows / ToyCommand.BatchSize} batches)." };
var mixture = new Option<ToyMixtures>("--mixture") { Description = "Both, Ring (8 Gaussians on a circle) or Grid (25 Gaussians on a 5 × 5 grid).", DefaultValueFactory = _ => ToyMixtures.Both };
var toy = new Command("toy", "Train a GAN with each of the six losses on 2-D Gaussian mixtures (8-ring, 25-grid); write mode-coverage numbers, a scatter plot per mixture and the models.")
{
    artifacts,
    mixture,
    toyEpochs,
    toySteps,
};
toy.SetAction(result => ToyCommand.Run(result.GetValue(artifacts)!, result.GetValue(mixture), result.GetValue(toyEpochs), result.GetValue(toySteps)));
root.Subcommands.Add(toy);

var protocolMixture = new Option<ToyMixtures>("--mixture") { Description = "Grid (25 Gaussians, std 0.05) or Ring (8 Gaussians, std 0.02).", DefaultValueFactory = _ => ToyMixtures.Grid };
var protocolLosses = new Option<GanLoss[]>("--loss") { Description = "Losses to train (repeat the option); default all six.", AllowMultipleArgumentsPerToken = true };
var protocolSeeds = new Option<int>("--seeds") { Description = "Train with seeds 1 … n.", DefaultValueFactory = _ => 5 };
var protocolEpochs = new Option<int>("--epochs") { Description = "Training epochs per model.", DefaultValueFactory = _ => 30 };
var protocolRows = new Option<int>("--rows") { Description = "Training points.", DefaultValueFactory = _ => 100_000 };
var protocolSamples = new Option<int>("--samples") { Description = "Generated samples measured per model.", DefaultValueFactory = _ => 2_500 };
var protocolRate = new Option<double?>("--lr") { Description = "Override: both learning rates." };
var protocolBatch = new Option<int?>("--batch") { Description = "Override: BatchSize." };
var protocolWidth = new Option<int?>("--width") { Description = "Override: both networks' two hidden layers." };
var protocolAverage = new Option<double?>("--average") { Description = "Override: GeneratorAverageDecay." };
var protocolDiscriminatorRate = new Option<double?>("--dlr") { Description = "Override: the discriminator's learning rate (after --lr)." };
var protocolOutput = new Option<GanOutputActivation?>("--output") { Description = "Override: GeneratorOutputActivation." };
var protocolTruncation = new Option<double?>("--truncation") { Description = "Also measure each model with latent truncation at this threshold." };
var protocolRejection = new Option<double?>("--rejection") { Description = "Also measure each model with discriminator rejection sampling, γ at this percentile (0–1)." };
var protocolCalibration = new Option<int?>("--calibrate") { Description = "Override: DiscriminatorCalibrationSteps (for --rejection)." };
var protocolPack = new Option<int?>("--pack") { Description = "Override: PackSize." };
var protocolGeneratorLayers = new Option<int[]?>("--glayers") { Description = "Override: GeneratorHiddenLayers (repeat or list the widths, e.g. --glayers 400 400 400 400).", AllowMultipleArgumentsPerToken = true };
var protocolDiscriminatorLayers = new Option<int[]?>("--dlayers") { Description = "Override: DiscriminatorHiddenLayers (as --glayers).", AllowMultipleArgumentsPerToken = true };
var protocolSet = new Option<string[]>("--set") { Description = "Overrides a GanTrainer.Options field after the options above, e.g. --set LatentDimension=2 --set Beta1=0.8 (repeatable).", DefaultValueFactory = _ => [] };
var protocol = new Command("toy-protocol", "The PacGAN/VEEGAN protocol with the library's defaults: modes, high-quality samples and modes20 per loss over seeds; appends a markdown table to artifacts/toy-protocol-<mixture>.md.")
{
    artifacts, protocolMixture, protocolLosses, protocolSeeds, protocolEpochs, protocolRows, protocolSamples, protocolRate, protocolBatch, protocolWidth,
    protocolAverage, protocolPack, protocolDiscriminatorRate, protocolOutput, protocolTruncation, protocolRejection,
    protocolCalibration, protocolGeneratorLayers, protocolDiscriminatorLayers, protocolSet,
};
protocol.SetAction(result => ToyProtocolCommand.Run(result.GetValue(artifacts)!, result.GetValue(protocolMixture),
    result.GetValue(protocolLosses) is { Length: > 0 } chosen ? chosen : Enum.GetValues<GanLoss>(), result.GetValue(protocolSeeds),
    result.GetValue(protocolEpochs), result.GetValue(protocolRows), result.GetValue(protocolSamples),
    new ToyOverrides(result.GetValue(protocolRate), result.GetValue(protocolBatch), result.GetValue(protocolWidth), result.GetValue(protocolAverage),
        result.GetValue(protocolPack), result.GetValue(protocolDiscriminatorRate), result.GetValue(protocolOutput),
        result.GetValue(protocolCalibration), result.GetValue(protocolGeneratorLayers) is { Length: > 0 } g ? g : null,
        result.GetValue(protocolDiscriminatorLayers) is { Length: > 0 } d ? d : null, result.GetValue(protocolSet)),
    result.GetValue(protocolTruncation), result.GetValue(protocolRejection)));
root.Subcommands.Add(protocol);

var folder = new Option<DirectoryInfo>("--folder") { Description = "A folder of images (png, jpg, bmp, gif, webp; subfolders included).", Required = true };
var size = new Option<int>("--size") { Description = "Side in pixels that images are cropped and resized to: 28, 32 or 64.", DefaultValueFactory = _ => 32 };
size.Validators.Add(result =>
{
    if (result.GetValueOrDefault<int>() is not (28 or 32 or 64))
    {
        result.AddError("--size must be 28, 32 or 64.");
    }
});
var grayscale = new Option<bool>("--grayscale") { Description = "Train on grey images (one channel) instead of colour." };
var imageEpochs = new Option<int>("--epochs") { Description = "Training epochs.", DefaultValueFactory = _ => 25 };
var trainImages = new Command("train-images", "Train a DCGAN on a folder of images through an ML.NET pipeline (LoadImages, ResizeImages, ExtractPixels, GAN); write a sample grid, a loss curve, the pipeline's model zip and a report.")
{
    folder,
    artifacts,
    size,
    grayscale,
    imageEpochs,
    seed,
};
trainImages.SetAction(result => TrainImagesCommand.Run(
    result.GetValue(folder)!, result.GetValue(artifacts)!, result.GetValue(size), result.GetValue(grayscale), result.GetValue(imageEpochs), result.GetValue(seed)));
root.Subcommands.Add(trainImages);

var rare = new Option<int[]>("--rare") { Description = "The digits cut down to --keep of their rows.", DefaultValueFactory = _ => [2, 5, 8], AllowMultipleArgumentsPerToken = true };
var keep = new Option<double>("--keep") { Description = "The share of their training rows the rare digits keep.", DefaultValueFactory = _ => 0.05 };
var ganEpochs = new Option<int?>("--epochs") { Description = "Conditional GAN training epochs (default: 30 for the DCGAN, 50 for the MLP)." };
var augmentSeeds = new Option<int>("--seeds") { Description = "Runs with seeds --seed, --seed + 1, ...: a new split and GAN each; the report gives mean ± sd.", DefaultValueFactory = _ => 1 };
var augmentNetwork = new Option<GanNetwork>("--network") { Description = "The conditional GAN: Dcgan or Mlp.", DefaultValueFactory = _ => GanNetwork.Dcgan };
var imageConditional = new Option<bool>("--image-conditional") { Description = "Train an image-conditional DCGAN on pairs of images of one digit (DAGAN-like) and make each rare digit's rows from its real images, instead of the label-conditional GAN." };
var ganShare = new Option<double[]>("--gan-share") { Description = "Shares of each digit's top-up that the mixed methods fill with GAN rows (the rest: repeated real rows); one pair of rows in the report each.", DefaultValueFactory = _ => [0.25, 0.5], AllowMultipleArgumentsPerToken = true };
var onTop = new Option<double[]>("--on-top") { Description = "Shares of each digit's top-up added again beyond balance, as GAN rows and (a control) as more repeated real rows; two rows in the report each.", DefaultValueFactory = _ => [], AllowMultipleArgumentsPerToken = true };
var augmentSet = new Option<string[]>("--set") { Description = "Overrides a GanTrainer.Options field of the conditional GAN, e.g. --set BatchSize=128 (repeatable).", DefaultValueFactory = _ => [] };
var augment = new Command("augment", "Imbalanced MNIST (rare digits cut to 5%): macro-F1 of an ML.NET classifier on a balanced held-out set with no augmentation, random oversampling, and rows of a class-balanced conditional GAN alone, filtered by a classifier's confidence, kept by discriminator rejection sampling and mixed with oversampling; mean ± sd over --seeds.")
{
    artifacts,
    rare,
    keep,
    ganEpochs,
    seed,
    augmentSeeds,
    augmentNetwork,
    imageConditional,
    ganShare,
    onTop,
    augmentSet,
};
augment.SetAction(result => AugmentCommand.Run(result.GetValue(artifacts)!, result.GetValue(rare)!, result.GetValue(keep),
    result.GetValue(ganEpochs) ?? (result.GetValue(augmentNetwork) == GanNetwork.Dcgan ? 30 : 50), result.GetValue(seed),
    result.GetValue(augmentSeeds), result.GetValue(augmentNetwork), result.GetValue(imageConditional), result.GetValue(ganShare)!,
    result.GetValue(onTop)!, result.GetValue(augmentSet)!));
root.Subcommands.Add(augment);

var dataset = new Option<string>("--dataset") { Description = "credit-g (1,000 rows, 70/30 split per seed) or ticdata (9,822 rows, official 5,822/4,000 split).", DefaultValueFactory = _ => "credit-g" };
dataset.AcceptOnlyFromAmong("credit-g", "ticdata");
var tabularEpochs = new Option<int>("--epochs") { Description = "CTGAN training epochs (one step each on credit-g: 700 training rows, batch 500).", DefaultValueFactory = _ => 3000 };
var seeds = new Option<int>("--seeds") { Description = "Runs with seeds --seed, --seed + 1, ...: a new split and model each (credit-g).", DefaultValueFactory = _ => 5 };
var tabularSet = new Option<string[]>("--set") { Description = "Overrides a TabularGanTrainer.Options field, e.g. --set CriticSteps=2 --set GeneratorHiddenLayers=256,256 (repeatable).", DefaultValueFactory = _ => [] };
var tabular = new Command("tabular", "CTGAN on a bundled table against a Gaussian copula and independent marginals (fidelity, ML efficacy, privacy) and against random oversampling and SMOTE-NC for minority augmentation; writes tabular-<dataset>-report.md, a marginals plot and the model zip.")
{
    artifacts,
    dataset,
    tabularEpochs,
    seeds,
    seed,
    tabularSet,
};
tabular.SetAction(result => TabularCommand.Run(result.GetValue(artifacts)!, result.GetValue(dataset)!, result.GetValue(tabularEpochs), result.GetValue(seeds), result.GetValue(seed),
    result.GetValue(tabularSet)!));
root.Subcommands.Add(tabular);

var model = new Option<FileInfo>("--model") { Description = "A model zip saved with mlContext.Model.Save (a GAN alone or a pipeline ending in one).", Required = true };
var count = new Option<long>("--count") { Description = "How many rows to generate.", DefaultValueFactory = _ => 100 };
var latentSeed = new Option<long>("--seed") { Description = "Seed of the latent vectors: the same seed gives the same rows.", DefaultValueFactory = _ => 0 };
var output = new Option<string>("--out") { Description = "A .csv file for the rows, or (image models) a folder for one PNG per row.", Required = true };
var via = new Option<GenerationRoute>("--via")
{
    Description = "Generate (count rows for --seed), Transform (count input rows) or PredictionEngine (count calls); the last two key rows by position with the model's own seed.",
    DefaultValueFactory = _ => GenerationRoute.Generate,
};
var generate = new Command("generate", "Load a saved GAN (or a pipeline ending in one) and write generated rows as CSV, or images as PNG files.") { model, count, latentSeed, via, output };
generate.SetAction(result => GenerateCommand.Run(result.GetValue(model)!, result.GetValue(count), result.GetValue(latentSeed), result.GetValue(via), result.GetValue(output)!));
root.Subcommands.Add(generate);

var realFeatures = new Option<FileInfo>("--real") { Description = "Real features: raw little-endian float32, row-major.", Required = true };
var generatedFeatures = new Option<FileInfo>("--generated") { Description = "Generated features, in the same format.", Required = true };
var dimension = new Option<int>("--dimension") { Description = "Features per row.", DefaultValueFactory = _ => 2048 };
var fid = new Command("fid", "Time GanML's FID on two raw float32 feature files (see eng/evaluation/fid_reference.py benchmark).") { realFeatures, generatedFeatures, dimension };
fid.SetAction(result => FidCommand.Run(result.GetValue(realFeatures)!, result.GetValue(generatedFeatures)!, result.GetValue(dimension)));
root.Subcommands.Add(fid);

var cycleEpochs = new Option<int>("--epochs") { Description = "Training epochs (passes over the 4,500 digits of each domain).", DefaultValueFactory = _ => CycleGanCommand.DefaultEpochs };
var cyclegan = new Command("cyclegan", "Train a CycleGAN between plain MNIST digits and other, inked digits (thicker strokes, inverted) without pairs; report the per-pixel error of translated held-out digits against their true inking and a classifier's accuracy on translations, and write a PNG of inputs, translations and reconstructions.")
{
    artifacts,
    cycleEpochs,
    seed,
};
cyclegan.SetAction(result => CycleGanCommand.Run(result.GetValue(artifacts)!, result.GetValue(cycleEpochs), result.GetValue(seed)));
root.Subcommands.Add(cyclegan);

return root.Parse(args).Invoke();
