package dev.pedigree.storage.s3;

import java.io.InputStream;
import java.util.List;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;
import software.amazon.awssdk.core.ResponseInputStream;

/**
 * Lets S3Proxy's in-memory store hold a key and keys under it, as S3 does. That store keeps
 * objects as files, splitting keys at {@code /} into folders, so {@code a/b} cannot be a file
 * once {@code a/b/c} made it a folder (S3Proxy answers 500), and a write of {@code a/b} over
 * that folder is taken as a folder marker. Here every key becomes one flat file name: {@code /}
 * turns into {@code 0} and every character from {@code 0} up moves one place up. That mapping
 * keeps the order of key text, so S3Proxy's sorting, prefixes and {@code startAfter} still give
 * S3's answers; names are mapped back in what S3Proxy returns. S3Proxy's own bookkeeping
 * objects ({@code .s3proxy-*}, {@code .mpus-*}, names it reserves) pass unchanged.
 */
final class FlatNamesBlobStore extends ForwardingBlobStore {
  FlatNamesBlobStore(BlobStore delegate) {
    super(delegate);
  }

  static String flat(String key) {
    if (key == null || internal(key)) {
      return key;
    }
    StringBuilder out = new StringBuilder(key.length());
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      out.append(c == '/' ? '0' : c >= '0' ? (char) (c + 1) : c);
    }
    return out.toString();
  }

  static String key(String flat) {
    if (flat == null || internal(flat)) {
      return flat;
    }
    StringBuilder out = new StringBuilder(flat.length());
    for (int i = 0; i < flat.length(); i++) {
      char c = flat.charAt(i);
      out.append(c == '0' ? '/' : c > '0' ? (char) (c - 1) : c);
    }
    return out.toString();
  }

  /** S3Proxy's own bookkeeping objects (multipart stubs and parts), named by S3Proxy itself. */
  private static boolean internal(String name) {
    return name.startsWith(".s3proxy-") || name.startsWith(".mpus-");
  }

  @Override
  public ListObjectsV2Response list(ListObjectsV2Request request) {
    ListObjectsV2Response response = super.list(request.toBuilder()
        .prefix(flat(request.prefix())).startAfter(flat(request.startAfter())).build());
    List<S3Object> contents = response.contents().stream()
        .map(object -> object.toBuilder().key(key(object.key())).build()).toList();
    List<CommonPrefix> prefixes = response.commonPrefixes().stream()
        .map(prefix -> prefix.toBuilder().prefix(key(prefix.prefix())).build()).toList();
    return response.toBuilder().contents(contents).commonPrefixes(prefixes)
        .prefix(request.prefix()).startAfter(request.startAfter()).build();
  }

  @Override
  public boolean blobExists(String container, String name) {
    return super.blobExists(container, flat(name));
  }

  @Override
  public PutObjectResponse putBlob(PutObjectRequest request, InputStream payload) {
    return super.putBlob(request.toBuilder().key(flat(request.key())).build(), payload);
  }

  @Override
  public CopyObjectResponse copyBlob(CopyObjectRequest request) {
    return super.copyBlob(request.toBuilder().sourceKey(flat(request.sourceKey()))
        .destinationKey(flat(request.destinationKey())).build());
  }

  @Override
  public HeadObjectResponse blobMetadata(HeadObjectRequest request) {
    return super.blobMetadata(request.toBuilder().key(flat(request.key())).build());
  }

  @Override
  public ResponseInputStream<GetObjectResponse> getBlob(GetObjectRequest request) {
    return super.getBlob(request.toBuilder().key(flat(request.key())).build());
  }

  @Override
  public DeleteObjectResponse removeBlob(DeleteObjectRequest request) {
    return super.removeBlob(request.toBuilder().key(flat(request.key())).build());
  }

  @Override
  public MultipartUpload initiateMultipartUpload(CreateMultipartUploadRequest request) {
    MultipartUpload upload = super.initiateMultipartUpload(request.toBuilder().key(flat(request.key())).build());
    return new MultipartUpload(upload.id(), request,
        upload.response() == null ? null : upload.response().toBuilder().key(request.key()).build());
  }

  @Override
  public void abortMultipartUpload(MultipartUpload upload) {
    super.abortMultipartUpload(flat(upload));
  }

  @Override
  public CompleteMultipartUploadResponse completeMultipartUpload(MultipartUpload upload,
      CompleteMultipartUploadRequest request) {
    CompleteMultipartUploadResponse response = super.completeMultipartUpload(flat(upload),
        request.toBuilder().key(flat(request.key())).build());
    return response.toBuilder().key(request.key()).build();
  }

  @Override
  public UploadPartResponse uploadMultipartPart(MultipartUpload upload, UploadPartRequest request, InputStream payload) {
    return super.uploadMultipartPart(flat(upload), request.toBuilder().key(flat(request.key())).build(), payload);
  }

  @Override
  public List<Part> listMultipartUpload(MultipartUpload upload) {
    return super.listMultipartUpload(flat(upload));
  }

  @Override
  public List<software.amazon.awssdk.services.s3.model.MultipartUpload> listMultipartUploads(String container) {
    return super.listMultipartUploads(container).stream()
        .map(upload -> upload.toBuilder().key(key(upload.key())).build()).toList();
  }

  private static MultipartUpload flat(MultipartUpload upload) {
    return new MultipartUpload(upload.id(), upload.request().toBuilder().key(flat(upload.request().key())).build(),
        upload.response() == null ? null : upload.response().toBuilder().key(flat(upload.response().key())).build());
  }
}
