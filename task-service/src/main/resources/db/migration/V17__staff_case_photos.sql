-- Who uploaded a photo of a case from a phone (staff); NULL is the resident's own, sent with the request.
ALTER TABLE media ADD COLUMN uploaded_by VARCHAR(200);
