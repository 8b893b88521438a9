package dev.idtrain.report;

/** The columns of one probes.csv line that the report reads. */
record ProbeRow(long step, double elapsedSeconds, double r2, double clusterR2,
    double orthogonalityMae) {}
