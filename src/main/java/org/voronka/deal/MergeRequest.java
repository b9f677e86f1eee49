package org.voronka.deal;

import java.math.BigDecimal;
import java.util.List;

/**
 * Merge {@code mergedIds} into {@code survivorId}. The chosen values (null: keep the survivor's)
 * come from the comparison dialog; tags and contacts are united; the company is the chosen one,
 * or the survivor's, or the first merged deal's.
 */
public record MergeRequest(long survivorId, List<Long> mergedIds, String name, BigDecimal price, Long pipelineId, Long statusId,
                           Long responsibleUserId, Long companyId) {}
