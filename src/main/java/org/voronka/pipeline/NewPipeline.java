package org.voronka.pipeline;

import java.util.List;

public record NewPipeline(String requestId, String name, int sort, boolean main, boolean unsortedOn, List<NewStage> stages) {}
