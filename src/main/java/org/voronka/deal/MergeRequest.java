package org.voronka.deal;

import java.math.BigDecimal;
import java.util.List;

import org.voronka.customfield.FieldWrite;

/**
 * Merge {@code mergedIds} into {@code survivorId}. The chosen values (null: keep the survivor's)
 * come from the comparison dialog; tags and contacts are united; the company is the chosen one,
 * or the survivor's, or the first merged deal's. {@code fields}: the custom field values chosen
 * (a field with {@code values == null} is cleared); a field not named keeps the survivor's value,
 * or, when the survivor has none, takes the first merged deal's.
 */
public record MergeRequest(long survivorId, List<Long> mergedIds, String name, BigDecimal price, Long pipelineId, Long statusId,
                           Long responsibleUserId, Long companyId, List<FieldWrite> fields) {

    public MergeRequest(long survivorId, List<Long> mergedIds, String name, BigDecimal price, Long pipelineId, Long statusId,
                        Long responsibleUserId, Long companyId) {
        this(survivorId, mergedIds, name, price, pipelineId, statusId, responsibleUserId, companyId, null);
    }
}
