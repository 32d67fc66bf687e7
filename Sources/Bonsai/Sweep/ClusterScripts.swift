/// Job definitions that run a sweep one seed per task on a cluster, every task writing into the same
/// shared sweep directory (which must already hold sweep.json: `bonsai sweep --emit` writes it).
public enum ClusterScripts {
    /// A Slurm array job: task i runs seed i. `options`: arguments every task adds to its `bonsai sweep`
    /// (those not kept in sweep.json, such as `--attempts 3`). `bonsai` runs as the batch shell itself
    /// (`exec`), so the SIGINT Slurm sends a minute before the time limit reaches it: it saves a checkpoint
    /// and marks the seed interrupted, and a resubmission resumes it. With `attemptTasks` K above 1, task
    /// seed·K + j runs slot j of the seed's race (`AttemptTasks`): `tasks`, or every slot of `seeds`.
    public static func slurm(
        dir: String, seeds: [UInt64], name: String, bonsai: String = "bonsai",
        time: String = "01:00:00", partition: String? = nil, options: [String] = [], attemptTasks: Int = 1,
        tasks: [UInt64]? = nil
    ) -> String {
        let slots = attemptTasks > 1
        let array = slots ? tasks ?? AttemptTasks.tasks(seeds, count: attemptTasks) : seeds
        let what =
            slots
            ? "one slot of a seed's race per array task (task = seed × \(attemptTasks) + slot)"
            : "one seed per array task"
        let run = slots ? "--array-task" : "--seeds"
        return """
            #!/bin/bash
            # Bonsai sweep of \(name): \(what), results in \(dir).
            # Submit: sbatch this-file.sh   Progress: bonsai sweep status \(dir)   Aggregate: bonsai sweep report \(dir)
            #SBATCH --job-name=bonsai-\(name)
            #SBATCH --array=\(SeedList.format(array))
            #SBATCH --cpus-per-task=1
            #SBATCH --time=\(time)
            #SBATCH --signal=B:INT@60\(partition.map { "\n#SBATCH --partition=\($0)" } ?? "")
            #SBATCH --output=\(dir)/slurm-%A_%a.out
            set -euo pipefail
            BONSAI="${BONSAI:-\(bonsai)}"
            exec "$BONSAI" sweep --dir \(shellQuoted(dir)) \(run) "$SLURM_ARRAY_TASK_ID" --jobs 1 --threads 1\(options.map { " " + shellQuoted($0) }.joined())

            """
    }

    /// Slurm's default MaxArraySize: array task ids go up to 1000.
    public static let defaultMaxArraySize = 1001

    /// Throws when a seed, which is its array task's id, is past the cluster's MaxArraySize.
    public static func checkArray(_ seeds: [UInt64], maxArraySize: Int) throws {
        guard let top = seeds.max(), top >= UInt64(max(0, maxArraySize)) else { return }
        throw BonsaiError(
            "--seeds: seed \(top) is past Slurm's array limit (task ids up to MaxArraySize − 1 = \(maxArraySize - 1)); "
                + "pass the cluster's --max-array-size (scontrol show config | grep MaxArraySize) or sweep seeds below it"
        )
    }

    /// A Kubernetes Indexed Job: completion index i runs seed first + i. The sweep directory lives on a
    /// persistent volume claim mounted at /results.
    public static func kubernetes(
        dirName: String, seeds: ClosedRange<UInt64>, name: String, image: String,
        claim: String, parallelism: Int, options: [String] = []
    ) -> String {
        let count = seeds.count
        let dir = "/results/\(dirName)"
        return """
            # Bonsai sweep of \(name): seeds \(seeds.lowerBound)-\(seeds.upperBound), one per completion index.
            # Apply: kubectl apply -f this-file.yaml   Aggregate: bonsai sweep report <the volume's \(dirName)>
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: bonsai-sweep-\(name.lowercased().filter { $0.isLetter || $0.isNumber || $0 == "-" })
            spec:
              completionMode: Indexed
              completions: \(count)
              parallelism: \(min(parallelism, count))
              backoffLimit: \(count)
              template:
                spec:
                  restartPolicy: Never
                  containers:
                    - name: bonsai
                      image: \(image)
                      command: ["/bin/sh", "-c"]
                      args:
                        - bonsai sweep --dir '\(dir)' --seeds $((JOB_COMPLETION_INDEX + \(seeds.lowerBound))) --jobs 1 --threads 1\(options.map { " " + shellQuoted($0) }.joined())
                      resources:
                        requests:
                          cpu: "1"
                      volumeMounts:
                        - name: results
                          mountPath: /results
                  volumes:
                    - name: results
                      persistentVolumeClaim:
                        claimName: \(claim)

            """
    }

    /// Characters a path, image or claim may have to go into a job script as it is: they land in shell
    /// words, `#SBATCH` lines, comments and YAML scalars, where a quote, newline, space or `#` would
    /// change what the script does.
    static let carriable = Set(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+,=@%:".unicodeScalars)

    /// Throws naming `option` when `value` cannot be written into a job script safely.
    public static func checkCarriable(_ value: String, option: String) throws {
        guard !value.isEmpty, value.unicodeScalars.allSatisfy(carriable.contains) else {
            throw BonsaiError(
                "\(option): \(value.debugDescription) cannot go into a job script safely (use letters, digits and / . _ - + , = @ % :)"
            )
        }
    }

    static func shellQuoted(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}
