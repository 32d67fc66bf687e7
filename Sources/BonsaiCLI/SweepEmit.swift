import ArgumentParser
import Bonsai
import Foundation

/// The options of `bonsai sweep --emit slurm`.
struct SlurmOptions: ParsableArguments {
    @Option(help: "slurm: the partition (#SBATCH --partition; default: the cluster's).") var partition: String?
    @Option(help: "slurm: each task's time limit (#SBATCH --time, e.g. 30:00 or 1-00:00:00).") var slurmTime =
        "01:00:00"
    @Option(
        help:
            "slurm: the cluster's MaxArraySize (scontrol show config); a seed is its task's id, so seeds must stay below it."
    )
    var maxArraySize = ClusterScripts.defaultMaxArraySize
    @Flag(help: "slurm: only the seeds of DIR's plan without a result and not running (see `bonsai sweep status`).")
    var onlyMissing = false
    @Flag(help: "slurm: hand the job to sbatch instead of printing it.") var submit = false

    func validate(emit: String?, seedsGiven: Bool) throws {
        guard maxArraySize >= 1 else { throw ValidationError("--max-array-size: must be ≥ 1") }
        for (flag, on) in [("--only-missing", onlyMissing), ("--submit", submit)] where on && emit != "slurm" {
            throw ValidationError("\(flag): applies to --emit slurm")
        }
        if onlyMissing && seedsGiven {
            throw ValidationError("--only-missing: takes the seeds from the directory's plan, not --seeds")
        }
    }
}

extension SweepRunCommand {
    /// Prints (or submits) a cluster job for `seeds`. Every check comes before sweep.json and the plan are
    /// written: refused input leaves the directory as it was.
    func emitJob(_ kind: String, sweep: Sweep, seeds: [UInt64]) throws -> Int32 {
        // These go into the script as they are.
        var carried = [(sweep.dir.path, "--dir"), (sweep.config.objective, "--objective")]
        carried +=
            kind == "slurm"
            ? [(slurm.slurmTime, "--slurm-time")] + (slurm.partition.map { [($0, "--partition")] } ?? [])
            : [(image, "--image"), (claim, "--claim")]
        for (value, option) in carried { try ClusterScripts.checkCarriable(value, option: option) }
        let slots = sweep.attemptTasks
        if kind == "k8s" && slots > 1 {
            throw BonsaiError("--attempt-tasks: --emit k8s runs one seed per pod; spread attempts with --emit slurm")
        }
        var seeds = seeds, tasks: [UInt64]?
        if slurm.onlyMissing {
            guard try Sweep.storedConfig(in: sweep.dir) != nil else {
                throw BonsaiError.file(
                    sweep.dir.path, "--only-missing: no sweep here yet (no \(Sweep.configFile)); emit the sweep first")
            }
            seeds = SweepStatus.toRun(try SweepStatus.seeds(in: sweep.dir))
            if slots > 1 { tasks = try SweepStatus.tasksToRun(in: sweep.dir) }
            guard !seeds.isEmpty else {
                FileHandle.standardError.write(
                    Data("nothing to resubmit: every seed of \(sweep.dir.path) is done or running\n".utf8))
                return 0
            }
        }
        if kind == "slurm" {
            if slots > 1 {
                try AttemptTasks.checkArray(seeds, count: slots, maxArraySize: slurm.maxArraySize)
            } else {
                try ClusterScripts.checkArray(seeds, maxArraySize: slurm.maxArraySize)
            }
        }
        let sorted = seeds.sorted()
        if kind == "k8s" {
            guard let first = sorted.first, let last = sorted.last, UInt64(sorted.count) == last - first + 1 else {
                throw BonsaiError(
                    "--emit k8s: seeds must be one range FIRST-LAST (completion index i runs seed FIRST+i)")
            }
        }
        let sbatch = slurm.submit ? try SlurmSubmission.sbatch() : nil

        try sweep.prepare(seeds: seeds)
        // Said once the job is out, so that a refused submission's error stays the only line.
        let wrote =
            "wrote \(sweep.dir.appendingPathComponent(Sweep.configFile).path) and \(SweepPlan.fileName); the tasks read them\n"
        let name = sweep.config.objective
        // What sweep.json does not keep, every task must be told.
        let options =
            (rounds != Sweep.defaultPruneRounds ? ["--rounds", "\(rounds)"] : [])
            + (attempts > 1 ? ["--attempts", "\(attempts)"] : [])
            + (slots > 1 ? ["--attempt-tasks", "\(slots)"] : [])
        guard kind == "slurm" else {
            print(
                ClusterScripts.kubernetes(
                    dirName: sweep.dir.lastPathComponent, seeds: sorted.first!...sorted.last!, name: name,
                    image: image, claim: claim, parallelism: parallelism, options: options), terminator: "")
            FileHandle.standardError.write(Data(wrote.utf8))
            return 0
        }
        let script = ClusterScripts.slurm(
            dir: sweep.dir.path, seeds: seeds, name: name, bonsai: Self.thisExecutable,
            time: slurm.slurmTime, partition: slurm.partition, options: options, attemptTasks: slots, tasks: tasks)
        if let sbatch {
            let count = slots > 1 ? ", \((tasks ?? AttemptTasks.tasks(seeds, count: slots)).count) array tasks" : ""
            print("\(try SlurmSubmission.submit(script, sbatch: sbatch)) (seeds \(SeedList.format(seeds))\(count))")
        } else {
            print(script, terminator: "")
        }
        FileHandle.standardError.write(Data(wrote.utf8))
        return 0
    }

    /// The tasks run this very executable unless BONSAI says otherwise: a cluster's nodes usually share
    /// the home directory it was built in, and rarely have `bonsai` on their PATH.
    static var thisExecutable: String {
        guard let path = Bundle.main.executablePath, (try? ClusterScripts.checkCarriable(path, option: "")) != nil
        else { return "bonsai" }
        return path
    }
}
