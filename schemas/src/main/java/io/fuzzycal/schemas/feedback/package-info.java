/**
 * Labels as every fuzzycal service reads them: the feedback formats ({@link
 * io.fuzzycal.schemas.feedback.FeedbackReader}), what a label means for a model's classes ({@link
 * io.fuzzycal.schemas.feedback.FeedbackLabel}) and when it counts for a prediction ({@link
 * io.fuzzycal.schemas.feedback.LabelTiming}).
 */
package io.fuzzycal.schemas.feedback;
